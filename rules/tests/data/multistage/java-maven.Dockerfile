FROM maven:3.9-eclipse-temurin-21
WORKDIR /build
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests
EXPOSE 8080
CMD ["java", "-jar", "target/billing-1.4.0.jar"]
