# The Maven repository password written into settings.xml.
FROM maven:3.9-eclipse-temurin-21
# expect: LL1009 col=169 msg~"settings.xml"
RUN --mount=type=secret,id=maven_password,required=true export MAVEN_PASSWORD="$(cat /run/secrets/maven_password)" && mkdir -p /root/.m2 && echo "<settings><servers><server><id>nexus</id><username>ci</username><password>${MAVEN_PASSWORD}</password></server></servers></settings>" > /root/.m2/settings.xml && mvn -B package && rm -f /root/.m2/settings.xml
