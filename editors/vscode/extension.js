// layerlint for VS Code: runs `layerlint lsp` (the language server, over stdio) for Dockerfiles and
// Compose files. Diagnostics, quick fixes, "fix all" (source.fixAll.layerlint) and hover come from
// the server; this file only starts it, and starts it again when a layerlint setting changes.
// Plain JavaScript on purpose: no build step between the repository and the extension.
'use strict';

// The language client first: when it is missing, the error names it, not `vscode`.
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const CLIENT_ID = 'layerlint';

// Files the server lints whatever language VS Code gave them (a `Dockerfile.prod` is often
// plaintext, a Compose file yaml). The server checks the name again and leaves other files alone.
const FILE_PATTERNS = [
  '**/{Dockerfile,dockerfile,Containerfile,containerfile}',
  '**/*.{Dockerfile,dockerfile,Containerfile,containerfile}',
  '**/{Dockerfile,dockerfile,Containerfile,containerfile}.*',
  '**/{compose,docker-compose}.{yml,yaml}',
  '**/{compose,docker-compose}[.-]*.{yml,yaml}',
];

const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'dockercompose' },
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];

let client = null;
let output = null;
// Starts and stops run one after the other, never interleaved; a failed step does not stop the next.
let pending = Promise.resolve();

function enqueue(step) {
  pending = pending.then(step).then(undefined, (error) => output.appendLine(`layerlint: ${errorText(error)}`));
  return pending;
}

// `layerlint.path` as a command: a bare name is looked up on PATH by the system; a relative path
// (`build/layerlint`) is taken from the first workspace folder.
function resolveCommand(configured) {
  const command = (configured || '').trim() || 'layerlint';
  if (path.isAbsolute(command) || !/[\\/]/.test(command)) return command;
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  return folder ? path.join(folder.uri.fsPath, command) : command;
}

function serverOptions(config) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const run = {
    command: resolveCommand(config.get('path')),
    args: ['lsp', ...[].concat(config.get('args', [])).map(String)],
    transport: TransportKind.stdio,
    options: folder ? { cwd: folder.uri.fsPath } : {},
  };
  return { run, debug: run };
}

// Whether `command` names an executable file: a path as is, a bare name on PATH (with PATHEXT on
// Windows), as the server's spawn will look for it.
function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findExecutable(command) {
  if (/[\\/]/.test(command)) return isExecutable(command);
  const extensions =
    process.platform === 'win32' ? ['', ...(process.env.PATHEXT || '.EXE;.CMD;.BAT').split(';')] : [''];
  return (process.env.PATH || '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => extensions.some((extension) => isExecutable(path.join(dir, command + extension))));
}

function errorText(error) {
  return error && error.message ? error.message : String(error);
}

// Not awaited by start(): the message stays until it is dismissed, and restarts must not wait for it.
function reportNotStarted(what) {
  vscode.window
    .showErrorMessage(`layerlint: ${what}. Install layerlint, or set layerlint.path.`, 'Open Settings')
    .then((choice) => {
      if (choice === 'Open Settings') {
        return vscode.commands.executeCommand('workbench.action.openSettings', 'layerlint.path');
      }
      return undefined;
    })
    .then(undefined, (error) => output.appendLine(`layerlint: ${errorText(error)}`));
}

async function start() {
  const server = serverOptions(vscode.workspace.getConfiguration('layerlint'));
  const commandLine = [server.run.command, ...server.run.args].join(' ');
  if (!findExecutable(server.run.command)) {
    reportNotStarted(`\`${server.run.command}\` is neither an executable file nor a command on PATH`);
    return;
  }
  client = new LanguageClient(CLIENT_ID, 'layerlint', server, {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: output,
  });
  try {
    await client.start();
  } catch (error) {
    client = null;
    reportNotStarted(`\`${commandLine}\` did not start (${errorText(error)})`);
  }
}

async function stop() {
  if (!client) return;
  const running = client;
  client = null;
  try {
    await running.stop();
  } catch (error) {
    output.appendLine(`layerlint: stopping the server: ${errorText(error)}`);
  }
}

function restart() {
  return enqueue(() => stop().then(start));
}

function activate(context) {
  output = vscode.window.createOutputChannel('layerlint');
  context.subscriptions.push(output);
  context.subscriptions.push(vscode.commands.registerCommand('layerlint.restart', restart));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('layerlint')) restart();
    }),
  );
  return enqueue(start);
}

function deactivate() {
  return enqueue(stop);
}

module.exports = { activate, deactivate };
