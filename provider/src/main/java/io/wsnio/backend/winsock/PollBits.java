package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import io.wsnio.nativeio.Readiness;

/**
 * {@link Readiness} bits to WSAPoll's and back. WSAPoll refuses POLLPRI and the result-only bits
 * in {@code events}, so interest in priority data is asked as POLLRDBAND (out-of-band data).
 */
final class PollBits {
    private PollBits() { }

    static short toWsa(int readiness) {
        int e = 0;
        if ((readiness & Readiness.IN) != 0) {
            e |= POLLRDNORM;
        }
        if ((readiness & Readiness.PRI) != 0) {
            e |= POLLRDBAND;
        }
        if ((readiness & Readiness.OUT) != 0) {
            e |= POLLWRNORM;
        }
        return (short) e;
    }

    static int fromWsa(int revents) {
        int r = 0;
        if ((revents & POLLRDNORM) != 0) {
            r |= Readiness.IN;
        }
        if ((revents & (POLLRDBAND | POLLPRI)) != 0) {
            r |= Readiness.PRI;
        }
        if ((revents & POLLWRNORM) != 0) {
            r |= Readiness.OUT;
        }
        if ((revents & POLLERR) != 0) {
            r |= Readiness.ERR;
        }
        if ((revents & POLLHUP) != 0) {
            r |= Readiness.HUP;
        }
        if ((revents & POLLNVAL) != 0) {
            r |= Readiness.NVAL;
        }
        return r;
    }
}
