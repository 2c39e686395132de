/*
 * Test-only: preloaded into a James process (LD_PRELOAD) whose JMAP server must listen on loopback.
 * James 3.8.1's JMAP server takes a port but no address, so it would listen on every interface;
 * the tests bind to 127.0.0.0/8 only. A listening socket bound to the wildcard address (0.0.0.0,
 * or :: for IPv6) is bound to loopback instead (127.0.0.1, or ::ffff:127.0.0.1 so that IPv4
 * clients still reach it). Sockets bound to a named address, datagram sockets and port-0 binds
 * (clients) pass unchanged.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_function)(int, const struct sockaddr *, socklen_t);

static int is_listening_stream(int fd) {
    int type = 0;
    socklen_t length = sizeof type;
    return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_STREAM;
}

int bind(int fd, const struct sockaddr *address, socklen_t length) {
    static bind_function real_bind;
    if (!real_bind) {
        real_bind = (bind_function) dlsym(RTLD_NEXT, "bind");
    }
    if (address && address->sa_family == AF_INET && length >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in loopback;
        memcpy(&loopback, address, sizeof loopback);
        if (loopback.sin_addr.s_addr == htonl(INADDR_ANY) && loopback.sin_port != 0 && is_listening_stream(fd)) {
            loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return real_bind(fd, (const struct sockaddr *) &loopback, sizeof loopback);
        }
    } else if (address && address->sa_family == AF_INET6 && length >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 loopback;
        memcpy(&loopback, address, sizeof loopback);
        if (IN6_IS_ADDR_UNSPECIFIED(&loopback.sin6_addr) && loopback.sin6_port != 0 && is_listening_stream(fd)) {
            inet_pton(AF_INET6, "::ffff:127.0.0.1", &loopback.sin6_addr);
            return real_bind(fd, (const struct sockaddr *) &loopback, sizeof loopback);
        }
    }
    return real_bind(fd, address, length);
}
