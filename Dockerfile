# websms in a container: the same layout as the distribution archive, in /opt/websms.
#
#   docker build -t websms .
#   docker run -d --name websmsd --network host \
#     -v /etc/asterisk:/etc/asterisk -v /var/spool/asterisk:/var/spool/asterisk -v websms-state:/var/lib/websms \
#     --user "$(id -u asterisk):$(id -g asterisk)" websms
#
# The daemon reads /etc/asterisk/websms.conf (it writes the default there when the file is missing), takes webhooks
# on WEBSMSD_PORT (8080) and FastAGI on agi_addr (127.0.0.1:4573 by default: with --network host, Asterisk on the
# same host reaches it; otherwise set agi_addr = 0.0.0.0:4573 and publish the port to Asterisk only). Call files go to
# /var/spool/asterisk, which Asterisk must see: mount the host's spool (or share a volume with Asterisk's container)
# and run as Asterisk's user, so that Asterisk can read and delete them.

# Build stage: the distribution archive, built from this checkout (tests are CI's job, not the image's).
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl distribution -am package -DskipTests \
 && mkdir /opt/websms \
 && tar -xzf distribution/target/websms-*.tar.gz -C /opt/websms --strip-components=1

# Run stage: a JRE and the unpacked archive, nothing else.
FROM eclipse-temurin:25-jre
COPY --from=build /opt/websms /opt/websms
# The start-up cache every websms run starts from (an AOT cache on this Java 25), made once here; lib/ then stays
# read-only for the daemon's user.
RUN /opt/websms/bin/websms-startup-cache \
 && mkdir -p /var/lib/websms && chmod 1777 /var/lib/websms
ENV WEBSMSD_PORT=8080 \
    WEBSMS_CONFIG=/etc/asterisk/websms.conf
EXPOSE 8080 4573
VOLUME ["/var/lib/websms"]
USER 1000:1000
# SIGTERM (docker stop): stop accepting, finish the requests in progress.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/websms/bin/websmsd"]
