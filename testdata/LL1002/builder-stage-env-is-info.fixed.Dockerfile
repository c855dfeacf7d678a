# The builder's config is not shipped: only the final stage's (and its ancestors') config ships.
FROM maven:3.9-eclipse-temurin-21 AS build
# expect: LL1002 col=5 severity=info msg~"MAVEN_REPO_PASSWORD"
RUN mvn -B -s /usr/share/maven/ref/settings.xml package

FROM eclipse-temurin:21-jre
COPY --from=build /app/target/app.jar /app.jar
ENTRYPOINT ["java", "-jar", "/app.jar"]
