/*
 * webhook-load: the fixed-rate load generator of WebhookLoadHarness, in C.
 *
 * One thread, epoll, N keep-alive TLS connections (OpenSSL), one request in flight per connection. Request k is due
 * at start + k / rate; a timerfd wakes the loop when the next one is due and it goes out on an idle connection. A
 * request that finds no idle connection (every answer is late) waits and is timed from when it was due, so queueing
 * is not hidden; a request sent on time is timed from when it was sent. rate=0 is a closed loop (every connection
 * sends again as soon as its answer arrives: the throughput). Warms up first (closed loop), then measures, then
 * prints the same lines as WebhookLoadClient:
 *   PHASE measure          (when the measured seconds start: the harness reads the servers' CPU time here...)
 *   PHASE done             (...and here)
 *   RESULT requests=.. seconds=.. p50=.. p99=.. p999=.. max=.. errors=..   (latencies in microseconds)
 *
 * It exists because a JVM load generator with a thread per connection costs the two shared cores as much as the
 * server it measures; this one costs a few percent of one core at 5,000 requests/s.
 *
 *   cc -O2 -o webhook-load webhook-load.c -lssl -lcrypto       (Debian: apt-get install gcc libssl-dev)
 *   ./webhook-load port=9443 ca=ca.pem path=/convert/website body=review.json connections=16 warmup=3 seconds=10 rate=5000
 *                  [trace=FILE]    (every measured request: when answered, CLOCK_MONOTONIC ns, and its latency in ns; the
 *                                   JVM's -Xlog decoration "tn" is the same clock, so slow requests line up with its log)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define BUF 65536

typedef struct {
    int fd;
    SSL *ssl;
    int busy;
    int64_t from;  /* when the clock of the request in flight started */
    char buf[BUF];
    size_t have;
} conn_t;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static const char *arg(int argc, char **argv, const char *name, const char *dflt) {
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') {
            return argv[i] + n + 1;
        }
    }
    if (!dflt) {
        fprintf(stderr, "webhook-load: %s= is required\n", name);
        exit(2);
    }
    return dflt;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "webhook-load: cannot read %s: %s\n", path, strerror(errno));
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(n + 1);
    if (fread(b, 1, n, f) != (size_t) n) {
        fprintf(stderr, "webhook-load: short read of %s\n", path);
        exit(2);
    }
    fclose(f);
    b[n] = 0;
    *len = n;
    return b;
}

static void die_ssl(const char *what) {
    fprintf(stderr, "webhook-load: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static char *request;
static size_t request_len;
static int64_t *lat;
static size_t lat_n, lat_cap;
static long errors;
static int measuring;
static FILE *trace; /* trace=FILE: one line per measured request, "<answered, CLOCK_MONOTONIC ns> <latency ns>" */

static void record(int64_t took, int ok) {
    if (!measuring) {
        return;
    }
    if (!ok) {
        errors++;
    }
    if (lat_n == lat_cap) {
        lat_cap = lat_cap ? lat_cap * 2 : 1 << 16;
        lat = realloc(lat, lat_cap * sizeof *lat);
    }
    lat[lat_n++] = took;
    if (trace) {
        fprintf(trace, "%lld %lld\n", (long long) now_ns(), (long long) took);
    }
}

static void send_request(conn_t *c, int64_t from) {
    size_t off = 0;
    while (off < request_len) {
        int n = SSL_write(c->ssl, request + off, (int) (request_len - off));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, n);
            if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
                continue; /* a request is far smaller than the socket buffer: this does not spin in practice */
            }
            die_ssl("SSL_write");
        }
        off += n;
    }
    c->busy = 1;
    c->from = from;
    c->have = 0;
}

/* Reads what arrived; returns 1 when a whole response is in (and sets *status), 0 when more is needed. */
static int read_response(conn_t *c, int *status) {
    for (;;) {
        if (c->have == BUF) {
            fprintf(stderr, "webhook-load: response larger than %d bytes\n", BUF);
            exit(1);
        }
        int n = SSL_read(c->ssl, c->buf + c->have, (int) (BUF - c->have));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, n);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
                break;
            }
            fprintf(stderr, "webhook-load: the server closed a connection\n");
            exit(1);
        }
        c->have += n;
    }
    char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
    if (!end) {
        return 0;
    }
    size_t head = end - c->buf + 4;
    long length = 0;
    for (char *p = c->buf; p < end; p++) {
        if ((p == c->buf || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0) {
            length = strtol(p + 15, NULL, 10);
        }
    }
    if (c->have < head + (size_t) length) {
        return 0;
    }
    if (c->have > head + (size_t) length) {
        fprintf(stderr, "webhook-load: more bytes than one response\n");
        exit(1);
    }
    *status = c->have > 12 ? atoi(c->buf + 9) : 0;
    return 1;
}

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static double pct(double p) {
    if (lat_n == 0) {
        return 0.0 / 0.0;
    }
    size_t rank = (size_t) ((p / 100.0) * lat_n + 0.999999999);
    return lat[(rank ? rank : 1) - 1] / 1e3;
}

static void arm(int tfd, int64_t at) {
    struct itimerspec its = {0};
    its.it_value.tv_sec = at / 1000000000LL;
    its.it_value.tv_nsec = at % 1000000000LL;
    if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0) {
        its.it_value.tv_nsec = 1;
    }
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

/* One phase: rate 0 = closed loop. Returns when the time is up and every answer is in. */
static void phase(conn_t *cs, int n, int ep, int tfd, double rate, double seconds) {
    int64_t start = now_ns(), end = start + (int64_t) (seconds * 1e9);
    int64_t interval = rate > 0 ? (int64_t) (1e9 / rate) : 0;
    int64_t next_due = start; /* the next request of the schedule */
    long backlog_n = 0;       /* due requests that found no idle connection */
    int64_t *backlog = NULL;  /* their due times, oldest first (a ring) */
    long backlog_cap = 0, backlog_head = 0;
    struct epoll_event ev[64];

    if (rate <= 0) {
        for (int i = 0; i < n; i++) {
            send_request(&cs[i], now_ns());
        }
    } else {
        arm(tfd, next_due);
    }
    for (;;) {
        int64_t t = now_ns();
        int inflight = 0;
        for (int i = 0; i < n; i++) {
            inflight += cs[i].busy;
        }
        if (t >= end && inflight == 0) {
            break;
        }
        int k = epoll_wait(ep, ev, 64, 1000);
        for (int j = 0; j < k; j++) {
            if (ev[j].data.ptr == NULL) { /* the timer: the schedule's requests that are due */
                uint64_t ticks;
                if (read(tfd, &ticks, sizeof ticks) < 0 && errno != EAGAIN) {
                    perror("webhook-load: timerfd");
                }
                continue;
            }
            conn_t *c = ev[j].data.ptr;
            int status;
            if (c->busy && read_response(c, &status)) {
                int64_t done = now_ns();
                record(done - c->from, status == 200);
                c->busy = 0;
                if (rate <= 0 && done < end) {
                    send_request(c, done);
                }
            }
        }
        if (rate > 0) {
            t = now_ns();
            long carried = backlog_n; /* waited for a connection since an earlier turn: timed from when due */
            while (next_due <= t && next_due < end) {
                if (backlog_n == backlog_cap) {
                    long cap = backlog_cap ? backlog_cap * 2 : 1024;
                    int64_t *nb = malloc(cap * sizeof *nb);
                    for (long i = 0; i < backlog_n; i++) {
                        nb[i] = backlog[(backlog_head + i) % (backlog_cap ? backlog_cap : 1)];
                    }
                    free(backlog);
                    backlog = nb;
                    backlog_cap = cap;
                    backlog_head = 0;
                }
                backlog[(backlog_head + backlog_n++) % backlog_cap] = next_due;
                next_due += interval;
            }
            for (int i = 0; i < n && backlog_n > 0; i++) {
                if (!cs[i].busy) {
                    int64_t due = backlog[backlog_head];
                    backlog_head = (backlog_head + 1) % backlog_cap;
                    backlog_n--;
                    /* sent as soon as this loop saw it due: the clock starts now; waited for an answer: from when due */
                    send_request(&cs[i], carried-- > 0 ? due : now_ns());
                }
            }
            if (now_ns() < end) { /* after the last request: wake at the end, not a second later */
                arm(tfd, next_due < end ? next_due : end);
            }
        }
    }
    free(backlog);
}

int main(int argc, char **argv) {
    int port = atoi(arg(argc, argv, "port", NULL));
    const char *ca = arg(argc, argv, "ca", NULL);
    const char *path = arg(argc, argv, "path", NULL);
    size_t body_len;
    char *body = read_file(arg(argc, argv, "body", NULL), &body_len);
    int n = atoi(arg(argc, argv, "connections", "16"));
    double warmup = atof(arg(argc, argv, "warmup", "3"));
    double seconds = atof(arg(argc, argv, "seconds", "10"));
    double rate = atof(arg(argc, argv, "rate", "0"));
    const char *trace_path = arg(argc, argv, "trace", "");
    if (*trace_path && !(trace = fopen(trace_path, "w"))) {
        fprintf(stderr, "webhook-load: cannot write %s: %s\n", trace_path, strerror(errno));
        return 2;
    }

    request = malloc(body_len + 512);
    request_len = (size_t) snprintf(request, 512,
            "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Accept: application/json\r\nContent-Length: %zu\r\n\r\n", path, body_len);
    memcpy(request + request_len, body, body_len);
    request_len += body_len;

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx || !SSL_CTX_load_verify_locations(ctx, ca, NULL)) {
        die_ssl("loading the CA");
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);

    int ep = epoll_create1(0);
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct epoll_event tev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);

    conn_t *cs = calloc(n, sizeof *cs);
    for (int i = 0; i < n; i++) {
        conn_t *c = &cs[i];
        c->fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
        if (connect(c->fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
            fprintf(stderr, "webhook-load: connect to 127.0.0.1:%d: %s\n", port, strerror(errno));
            return 1;
        }
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->ssl = SSL_new(ctx);
        SSL_set_fd(c->ssl, c->fd);
        SSL_set1_host(c->ssl, "localhost");
        if (SSL_connect(c->ssl) != 1) {
            die_ssl("the TLS handshake");
        }
        fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    }

    phase(cs, n, ep, tfd, 0, warmup);
    measuring = 1;
    printf("PHASE measure\n"); /* the harness reads the servers' CPU time between these two lines */
    fflush(stdout);
    int64_t t0 = now_ns();
    phase(cs, n, ep, tfd, rate, seconds);
    double elapsed = (now_ns() - t0) / 1e9;
    printf("PHASE done\n");
    fflush(stdout);

    qsort(lat, lat_n, sizeof *lat, cmp64);
    printf("RESULT requests=%zu seconds=%.3f p50=%.1f p99=%.1f p999=%.1f max=%.1f errors=%ld\n", lat_n, elapsed,
            pct(50), pct(99), pct(99.9), lat_n ? lat[lat_n - 1] / 1e3 : 0.0 / 0.0, errors);
    for (int i = 0; i < n; i++) {
        SSL_shutdown(cs[i].ssl);
        SSL_free(cs[i].ssl);
        close(cs[i].fd);
    }
    SSL_CTX_free(ctx);
    if (trace) {
        fclose(trace);
    }
    return 0;
}
