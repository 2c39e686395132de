#!/bin/sh
# Lays out conf/ as the tests do: the stock James conf, the role's files from james-conf, then the
# files mounted in /james/config (ciers.properties, keystore); listens on every interface of the
# container instead of loopback.
set -eu
role="${CIERS_ROLE:?set CIERS_ROLE to authority or mta}"
cp -r "/james/roles/$role/." /james/conf/
if [ -d /james/config ]; then
    cp -r /james/config/. /james/conf/
fi
sed -i 's/^host=127.0.0.1$/host=0.0.0.0/' /james/conf/webadmin.properties
for server in smtpserver.xml imapserver.xml; do
    sed -i 's#<bind>127.0.0.1:\([0-9]*\)</bind>#<bind>0.0.0.0:\1</bind>#' "/james/conf/$server"
done
exec java ${JAVA_OPTS:-} -Djava.net.preferIPv4Stack=true -Dworking.directory=/james \
    -Dlogback.configurationFile=/james/conf/logback.xml -jar james-server-memory-app.jar
