#!/bin/sh
# The nginx image's start (deploy/Containerfile, target nginx): fills deploy/nginx/'s site file
# from the environment, then runs nginx in the foreground.
#   SERVER_NAME (required), CERTIFICATE and CERTIFICATE_KEY (default: /etc/heure-civique/tls/
#   fullchain.pem and privkey.pem), GUNICORN (default web:8000). The page cache's purge is heard on
#   the container's loopback only: the web container does not reach it, so this recipe leaves
#   FRONTEND_CACHE_PURGE_URL unset and pages live PAGE_CACHE_SECONDS in the cache at most.
set -eu
: "${SERVER_NAME:?SERVER_NAME must name the public host, e.g. heure-civique.mayenne.fr}"
sed -e "s|@SERVER_NAME@|${SERVER_NAME}|g" \
    -e "s|@HTTP_LISTEN@|80|g" \
    -e "s|@HTTPS_LISTEN@|443|g" \
    -e "s|@CERTIFICATE@|${CERTIFICATE:-/etc/heure-civique/tls/fullchain.pem}|g" \
    -e "s|@CERTIFICATE_KEY@|${CERTIFICATE_KEY:-/etc/heure-civique/tls/privkey.pem}|g" \
    -e "s|@STATIC_ROOT@|/var/lib/heure-civique/static/|g" \
    -e "s|@MEDIA_ROOT@|/var/lib/heure-civique/media/|g" \
    -e "s|@GUNICORN@|${GUNICORN:-web:8000}|g" \
    -e "s|@CACHE_DIR@|/var/cache/nginx/heure-civique|g" \
    -e "s|@PURGE_LISTEN@|127.0.0.1:8081|g" \
    /etc/heure-civique/heure-civique.conf.in >/etc/nginx/sites-enabled/heure-civique.conf
nginx -t -q
exec nginx -g "daemon off;"
