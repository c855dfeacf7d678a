FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
# expect: LL2001 col=6 msg~"the last USER is 'ContainerAdministrator'"
USER ContainerUser
COPY app.exe C:/app/app.exe
