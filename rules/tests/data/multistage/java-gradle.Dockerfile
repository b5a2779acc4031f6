FROM gradle:8.7-jdk17-alpine
WORKDIR /home/gradle/project
COPY . .
RUN gradle bootJar --no-daemon
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENTRYPOINT java $JAVA_OPTS -jar build/libs/*.jar
