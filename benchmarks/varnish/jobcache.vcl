vcl 4.1;

# Case (f) of benchmarks/run: the reverse-proxy cache a deployer would put in front of jobcache instead of its own
# cache. The origin behind it runs with CACHE_BACKEND=none. benchmarks/run replaces ${BACKEND_PORT} with that
# origin's port before it starts varnishd.

import std;

backend origin {
    .host = "127.0.0.1";
    .port = "${BACKEND_PORT}";
}

sub vcl_recv {
    if ((req.method == "GET" || req.method == "HEAD") && req.url ~ "^/jobs(/[^/?]+)?(\?.*)?$") {
        # the built-in vcl_recv passes every request with an Authorization header; these lists and jobs are
        # per-user, so they are looked up per user (vcl_hash) instead
        return (hash);
    }
    # writes, uploads, downloads and everything else go to the origin untouched
    return (pass);
}

sub vcl_hash {
    hash_data(req.url);
    # the bearer token is part of the key: a user is only ever answered from an entry their own request filled
    hash_data(req.http.Authorization);
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.method == "GET" && beresp.status == 200 && beresp.http.Cache-Control ~ "max-age=[0-9]+") {
        # The origin marks these answers "private": no shared cache may store them. Varnish here is not a shared
        # cache in that sense; keyed on the Authorization header above, it acts as the per-user cache that jobcache
        # would otherwise be, so it keeps each answer for the origin's max-age (the built-in VCL would refuse it).
        set beresp.ttl = std.duration(regsub(beresp.http.Cache-Control, "^.*max-age=([0-9]+).*$", "\1") + "s", 0s);
        set beresp.grace = 0s;
        # with its cache off the origin sends JSON uncompressed; compressing the stored copy once means clients
        # that accept gzip get a body as small as the one jobcache's own cache serves
        if (beresp.http.Content-Type ~ "json" && !beresp.http.Content-Encoding) {
            set beresp.do_gzip = true;
        }
        return (deliver);
    }
}
