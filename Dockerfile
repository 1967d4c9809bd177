# websms in a container: the same layout as the distribution archive, in /opt/websms.
#
#   docker build -t websms .
#   install -d -o asterisk -g asterisk -m 0750 /var/lib/websms
#   docker run -d --name websmsd --network host \
#     -v /etc/asterisk:/etc/asterisk -v /var/spool/asterisk:/var/spool/asterisk -v /var/lib/websms:/var/lib/websms \
#     --user "$(id -u asterisk):$(id -g asterisk)" websms
#
# The daemon reads /etc/asterisk/websms.conf, takes webhooks on WEBSMSD_PORT (8080) and FastAGI on agi_addr
# (127.0.0.1:4573 by default: with --network host, Asterisk on the same host reaches it; otherwise set
# agi_addr = 0.0.0.0:4573 and publish the port to Asterisk only). Call files go to /var/spool/asterisk, which Asterisk
# must see: mount the host's spool (or share a volume with Asterisk's container) and run as Asterisk's user, so that
# Asterisk can read and delete them. /var/lib/websms (the outbox, remembered message ids) must be writable by that
# user: a host folder it owns, as above, or a named volume when the container runs as the image's user 1000.
#
# The HEALTHCHECK asks GET /health on 127.0.0.1:8081: put `admin_addr = 127.0.0.1:8081` in [websmsd] of a mounted
# websms.conf (the configuration the image carries, used when /etc/asterisk is not mounted, has it), else the
# container shows as unhealthy. More in docs/operations.md.

# Build stage: the distribution archive, built from this checkout through the Maven Wrapper (the Maven version the
# project pins; tests are CI's job, not the image's).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl distribution -am package -DskipTests \
 && mkdir /opt/websms \
 && tar -xzf distribution/target/websms-*.tar.gz -C /opt/websms

# Run stage: a JRE and the unpacked archive, nothing else.
FROM eclipse-temurin:25-jre
COPY --from=build /opt/websms /opt/websms
# The start-up cache every websms run starts from (an AOT cache on this Java 25), made once here: lib/ then stays
# read-only for the daemon's user. The image's own configuration is the shipped example with the health endpoint on;
# /var/lib/websms belongs to the image's user 1000 (no world-writable folder).
RUN /opt/websms/bin/websms-startup-cache \
 && mkdir -p /etc/asterisk \
 && sed '/^\[websmsd\]/a admin_addr = 127.0.0.1:8081' /opt/websms/etc/websms.conf > /etc/asterisk/websms.conf \
 && chmod 0644 /etc/asterisk/websms.conf \
 && install -d -o 1000 -g 1000 -m 0750 /var/lib/websms
ENV WEBSMSD_PORT=8080 \
    WEBSMS_CONFIG=/etc/asterisk/websms.conf
EXPOSE 8080 4573
VOLUME ["/var/lib/websms"]
USER 1000:1000
# No curl in the JRE image, and a java probe would cost a JVM start: bash's /dev/tcp asks for /health and reads the
# status line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /health HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 4 version status rest <&3 && [ \"$status\" = 200 ]"]
# SIGTERM (docker stop): stop accepting, finish the requests in progress.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/websms/bin/websmsd"]
