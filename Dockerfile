# syntax=docker/dockerfile:1
# The service's image: built from source with the README's build command, run from the shaded jar as a non-root user.
#
#   docker build -t jobcache .
#   docker run -p 8080:8080 -e AUTH_TOKENS=alice:<token> -e ADMIN_TOKENS=ops:<token> jobcache
#
# Defaults are the README's (Caffeine, embedded H2 under /app/data, a volume); see deploy/compose/compose.yaml for
# two instances on Redis and PostgreSQL behind a load balancer.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# the poms first, so that a change of the sources does not download every dependency again
COPY pom.xml ./
COPY domain/pom.xml domain/
COPY application/pom.xml application/
COPY testkit/pom.xml testkit/
COPY adapters-caffeine/pom.xml adapters-caffeine/
COPY adapters-redis/pom.xml adapters-redis/
COPY adapters-micrometer/pom.xml adapters-micrometer/
COPY adapters-jdbc/pom.xml adapters-jdbc/
COPY adapters-rest/pom.xml adapters-rest/
COPY bootstrap/pom.xml bootstrap/
COPY architecture-tests/pom.xml architecture-tests/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q install -DskipTests

FROM eclipse-temurin:17-jre
# curl for the health check only
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin jobcache \
    && mkdir -p /app/data && chown -R jobcache /app
WORKDIR /app
COPY --from=build /src/bootstrap/target/jobcache.jar /app/jobcache.jar
USER jobcache
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=8080 JAVA_OPTS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${HTTP_PORT}/health" > /dev/null || exit 1
# a shell, so that JAVA_OPTS is expanded; exec, so that the JVM gets SIGTERM and drains (SHUTDOWN_GRACE_SECONDS)
CMD ["sh", "-c", "exec java $JAVA_OPTS -jar jobcache.jar"]
