# escape=`
# expect: LL2001 col=6 msg~"no USER after FROM myorg/iis-base:2024"
FROM myorg/iis-base:2024
COPY site C:\inetpub\wwwroot
