package io.wsnio.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Linux errno numbers (asm-generic/errno*.h) of the socket() and data-path errors have their names. */
class ErrnoTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "1, EPERM", "12, ENOMEM", "13, EACCES", "22, EINVAL", "23, ENFILE", "24, EMFILE", "32, EPIPE",
        "90, EMSGSIZE", "91, EPROTOTYPE", "93, EPROTONOSUPPORT", "94, ESOCKTNOSUPPORT", "97, EAFNOSUPPORT",
        "98, EADDRINUSE", "99, EADDRNOTAVAIL", "100, ENETDOWN", "101, ENETUNREACH", "103, ECONNABORTED",
        "104, ECONNRESET", "105, ENOBUFS", "107, ENOTCONN", "108, ESHUTDOWN", "110, ETIMEDOUT",
        "111, ECONNREFUSED", "113, EHOSTUNREACH", "115, EINPROGRESS",
    })
    void namesTheErrno(int errno, String name) {
        assertEquals(name, Errno.name(errno));
        assertFalse(Errno.description(errno).startsWith("Unknown"), Errno.description(errno));
    }

    @ParameterizedTest
    @CsvSource({"133", "-1", "100000"})
    void unknownNumbersStayNumbers(int errno) {
        assertEquals("errno " + errno, Errno.name(errno));
    }
}
