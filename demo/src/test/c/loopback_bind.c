/*
 * Test-only: preloaded into a James process (LD_PRELOAD) whose JMAP server must listen on loopback.
 * James 3.8.1's JMAP server takes a port but no address, so it would listen on every interface;
 * the tests bind to 127.0.0.0/8 only. A TCP socket bound to the wildcard address with a port of
 * its own (a server's listener) is bound to loopback instead: 0.0.0.0 becomes 127.0.0.1; :: and
 * ::ffff:0.0.0.0 become ::ffff:127.0.0.1 (IPv4 clients still reach it), or ::1 on an IPv6-only
 * socket. Named addresses, datagram sockets and port-0 binds pass unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_function)(int, const struct sockaddr *, socklen_t);

static bind_function real_bind;

/* resolved once, before the process's threads start (and again in bind() if another library's constructor binds first) */
__attribute__((constructor)) static void resolve_real_bind(void) {
    real_bind = (bind_function) dlsym(RTLD_NEXT, "bind");
}

static int is_stream(int fd) {
    int type = 0;
    socklen_t length = sizeof type;
    return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_STREAM;
}

static int is_ipv6_only(int fd) {
    int only = 0;
    socklen_t length = sizeof only;
    return getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &only, &length) == 0 && only;
}

static int is_ipv4_mapped_wildcard(const struct in6_addr *address) {
    return IN6_IS_ADDR_V4MAPPED(address) && address->s6_addr32[3] == htonl(INADDR_ANY);
}

int bind(int fd, const struct sockaddr *address, socklen_t length) {
    if (!real_bind) {
        resolve_real_bind();
        if (!real_bind) {
            errno = ENOSYS;
            return -1;
        }
    }
    int saved_errno = errno;
    if (address && address->sa_family == AF_INET && length >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in loopback;
        memcpy(&loopback, address, sizeof loopback);
        if (loopback.sin_addr.s_addr == htonl(INADDR_ANY) && loopback.sin_port != 0 && is_stream(fd)) {
            loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            errno = saved_errno; /* getsockopt may have set it */
            return real_bind(fd, (const struct sockaddr *) &loopback, sizeof loopback);
        }
    } else if (address && address->sa_family == AF_INET6 && length >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 loopback;
        memcpy(&loopback, address, sizeof loopback);
        if ((IN6_IS_ADDR_UNSPECIFIED(&loopback.sin6_addr) || is_ipv4_mapped_wildcard(&loopback.sin6_addr))
            && loopback.sin6_port != 0 && is_stream(fd)) {
            loopback.sin6_flowinfo = 0;
            loopback.sin6_scope_id = 0;
            if (IN6_IS_ADDR_UNSPECIFIED(&loopback.sin6_addr) && is_ipv6_only(fd)) {
                loopback.sin6_addr = in6addr_loopback;
            } else {
                /* ::ffff:127.0.0.1 */
                memset(&loopback.sin6_addr, 0, sizeof loopback.sin6_addr);
                loopback.sin6_addr.s6_addr[10] = 0xff;
                loopback.sin6_addr.s6_addr[11] = 0xff;
                loopback.sin6_addr.s6_addr32[3] = htonl(INADDR_LOOPBACK);
            }
            errno = saved_errno;
            return real_bind(fd, (const struct sockaddr *) &loopback, sizeof loopback);
        }
    }
    errno = saved_errno;
    return real_bind(fd, address, length);
}
