# expect: LL2001 col=6 msg~"no USER after FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4"
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y java-17-openjdk-headless && microdnf clean all
COPY target/app.jar /opt/app.jar
CMD ["java", "-jar", "/opt/app.jar"]
