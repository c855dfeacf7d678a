# An ARG default URL with a literal password.
FROM maven:3.9-eclipse-temurin-21
# expect: LL1006 col=26 severity=error
ARG NEXUS_URL=https://ci:tok3nValue99@nexus.example.com/repository/maven-releases
RUN mvn -B deploy -DaltDeploymentRepository=nexus::default::${NEXUS_URL}
