# The leaking layers belong to a builder that does not ship.
FROM maven:3.9-eclipse-temurin-21 AS build
# expect: LL1005 col=6 severity=info msg~"settings.xml"
RUN --mount=type=secret,id=settings_xml,target=/root/.m2/settings.xml,required=true mvn -B package

FROM eclipse-temurin:21-jre
COPY --from=build /app/target/app.jar /app.jar
