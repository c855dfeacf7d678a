// Drives editors/vscode/extension.js the way VS Code would, with stand-ins for the `vscode` API and
// for vscode-languageclient that record what the extension asks of them: the command it starts,
// the documents it selects, restarts on setting changes, the error when the binary is missing.
//
//   node vscode_driver.js EXTENSION_DIR SELECTOR_JSON
// Prints one "ok: ..." line per check; exits 1 at the first failure. Writes the document selector
// to SELECTOR_JSON for the glob check that needs the installed packages.
'use strict';

const assert = require('assert');
const fs = require('fs');
const Module = require('module');
const os = require('os');
const path = require('path');

const [extensionDir, selectorOut] = process.argv.slice(2);
// A workspace with binaries in build/, as a checkout of layerlint has (`broken` fails to start), and
// a `layerlint` on PATH.
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-vscode-'));
process.on('exit', () => fs.rmSync(workspace, { recursive: true, force: true }));
for (const file of ['build/layerlint', 'build/broken', 'bin/layerlint']) {
  fs.mkdirSync(path.join(workspace, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(workspace, file), '', { mode: 0o755 });
}
process.env.PATH = `${path.join(workspace, 'bin')}${path.delimiter}${process.env.PATH}`;

let settings = { path: 'layerlint', args: [] };
const configurationListeners = [];
const commands = {};
const errors = [];
const clients = [];

const vscode = {
  workspace: {
    workspaceFolders: [{ uri: { fsPath: workspace } }],
    getConfiguration(section) {
      assert.strictEqual(section, 'layerlint');
      return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
    },
    onDidChangeConfiguration(listener) {
      configurationListeners.push(listener);
      return { dispose() {} };
    },
  },
  window: {
    createOutputChannel: (name) => ({ name, appendLine() {}, dispose() {} }),
    // Like a notification nobody dismisses: it never settles.
    showErrorMessage: (message) => {
      errors.push(message);
      return new Promise(() => {});
    },
  },
  commands: {
    registerCommand(id, handler) {
      commands[id] = handler;
      return { dispose() {} };
    },
    executeCommand: async () => undefined,
  },
};

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, state: 'new' });
    clients.push(this);
  }
  async start() {
    if (this.serverOptions.run.command.endsWith('broken')) {
      this.state = 'failed';
      throw new Error('the server exited during initialization');
    }
    this.state = 'running';
  }
  async stop() {
    assert.strictEqual(this.state, 'running', 'stop() of a client that is not running');
    this.state = 'stopped';
  }
}

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return { LanguageClient, TransportKind: { stdio: 0 } };
  return load.call(this, request, ...rest);
};

// Every promise chain of the stand-ins settles before a timer fires: nothing here does real I/O.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const changeSettings = (next) => {
  settings = next;
  for (const listener of configurationListeners)
    listener({ affectsConfiguration: (section) => section === 'layerlint' || section.startsWith('layerlint.') });
};
const running = () => clients.filter((c) => c.state === 'running');
const ok = (what) => console.log(`ok: ${what}`);

(async () => {
  const extension = require(path.resolve(extensionDir, 'extension.js'));
  const context = { subscriptions: [] };
  await extension.activate(context);

  assert.strictEqual(clients.length, 1);
  const first = clients[0];
  assert.strictEqual(first.id, 'layerlint', 'the client id makes the layerlint.trace.server setting work');
  assert.deepStrictEqual(first.serverOptions.run.command, 'layerlint');
  assert.deepStrictEqual(first.serverOptions.run.args, ['lsp']);
  assert.strictEqual(first.serverOptions.run.transport, 0, 'stdio');
  assert.strictEqual(first.serverOptions.run.options.cwd, workspace);
  assert.strictEqual(first.state, 'running');
  ok('activation starts `layerlint lsp` over stdio in the workspace folder');

  const selector = first.clientOptions.documentSelector;
  for (const filter of selector) assert.strictEqual(filter.scheme, 'file', JSON.stringify(filter));
  const languages = selector.filter((f) => f.language).map((f) => f.language);
  assert.deepStrictEqual(languages.sort(), ['dockercompose', 'dockerfile']);
  const patterns = selector.filter((f) => f.pattern).map((f) => f.pattern);
  assert.ok(patterns.length > 0);
  fs.writeFileSync(selectorOut, JSON.stringify(patterns));
  ok(`documents: the dockerfile and dockercompose languages and ${patterns.length} file patterns, on disk only`);

  const contributed = require(path.resolve(extensionDir, 'package.json')).contributes.commands.map((c) => c.command);
  assert.deepStrictEqual(Object.keys(commands).sort(), contributed.sort());
  ok(`the commands registered are the ones package.json contributes (${contributed.join(', ')})`);

  changeSettings({ path: 'build/layerlint', args: ['--select', 'LL1', '--config', 'ci/.layerlint.yaml'] });
  await settle();
  assert.strictEqual(clients.length, 2);
  assert.strictEqual(first.state, 'stopped');
  const second = clients[1];
  assert.strictEqual(second.serverOptions.run.command, path.join(workspace, 'build/layerlint'));
  assert.deepStrictEqual(second.serverOptions.run.args, ['lsp', '--select', 'LL1', '--config', 'ci/.layerlint.yaml']);
  assert.deepStrictEqual(errors, []);
  ok('a settings change stops the server and starts `<workspace>/build/layerlint lsp <args>`');

  for (const listener of configurationListeners) listener({ affectsConfiguration: () => false });
  await settle();
  assert.strictEqual(clients.length, 2, 'another extension\'s setting restarted the server');
  ok('other settings leave the server running');

  changeSettings({ path: '/nonexistent/layerlint', args: [] });
  await settle();
  assert.strictEqual(second.state, 'stopped');
  assert.strictEqual(clients.length, 2, 'a client was made for a binary that does not exist');
  assert.strictEqual(errors.length, 1);
  assert.ok(errors[0].includes('`/nonexistent/layerlint`') && errors[0].includes('layerlint.path'), errors[0]);
  ok('a binary that is not there is reported, naming it and the setting to change');

  changeSettings({ path: 'build/broken', args: ['--ignore', 'LL2001'] });
  await settle();
  assert.deepStrictEqual(running(), []);
  assert.strictEqual(errors.length, 2);
  assert.ok(errors[1].includes(`${path.join(workspace, 'build/broken')} lsp --ignore LL2001\` did not start`), errors[1]);
  ok('a server that fails to start is reported with its command line');

  changeSettings({ path: 'layerlint', args: [] });
  await settle();
  assert.strictEqual(running().length, 1, 'the open error messages held up the restart');
  await commands['layerlint.restart']();
  assert.strictEqual(running().length, 1);
  assert.strictEqual(clients.length, 5);
  ok('the restart command replaces the running server; open error messages do not hold it up');

  await extension.deactivate();
  assert.deepStrictEqual(running(), []);
  ok('deactivation stops the server');
})().catch((error) => {
  console.log(`FAIL: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
