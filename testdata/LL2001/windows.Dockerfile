# escape=`

# expect: LL2001 col=6 msg~"no USER after FROM mcr.microsoft.com/windows/servercore:ltsc2022"
FROM mcr.microsoft.com/windows/servercore:ltsc2022
WORKDIR C:\app
COPY app.exe .
CMD ["C:\\app\\app.exe"]
