package io.wsnio.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.NativeError;
import io.wsnio.SocketCreationException;
import io.wsnio.SocketSpec;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one error table both backends share, keyed on the name without the WSA prefix. */
class NativeErrorsTest {

    @ParameterizedTest(name = "{1} from {0} -> {2}")
    @CsvSource({
        "connect, ECONNREFUSED,     java.net.ConnectException",
        "connect, WSAECONNREFUSED,  java.net.ConnectException",
        "connect, ETIMEDOUT,        java.net.ConnectException",
        "read,    ETIMEDOUT,        java.net.SocketException",
        "bind,    EADDRINUSE,       java.net.BindException",
        "bind,    WSAEADDRINUSE,    java.net.BindException",
        "bind,    EADDRNOTAVAIL,    java.net.BindException",
        "bind,    EACCES,           java.net.BindException",
        "socket,  EACCES,           java.net.SocketException",
        "connect, ENETUNREACH,      java.net.NoRouteToHostException",
        "connect, WSAEHOSTUNREACH,  java.net.NoRouteToHostException",
        "read,    ECONNRESET,       java.net.SocketException",
        "write,   EPIPE,            java.net.SocketException",
        "read,    WSAENOTSOCK,      java.net.SocketException",
    })
    void mapsByNameToTheJdkExceptionType(String call, String name, String type) throws Exception {
        IOException e = NativeErrors.exception(call, name, 1, "text");
        assertInstanceOf(Class.forName(type), e);
        assertEquals(name, ((NativeError) e).errorName());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        if (type.equals("java.net.SocketException")) {
            assertTrue(!(e instanceof ConnectException) && !(e instanceof BindException)
                    && !(e instanceof NoRouteToHostException), "no more specific type than needed: " + e);
        }
    }

    @ParameterizedTest
    @CsvSource({"EPROTONOSUPPORT, 93", "WSAEAFNOSUPPORT, 10047", "EACCES, 13"})
    void socketRefusalNamesTheTripleAndTheError(String name, int code) {
        SocketSpec spec = SocketSpec.of(SocketSpec.Family.INET, SocketSpec.Type.RAW, SocketSpec.Protocol.ICMP);
        SocketCreationException e = NativeErrors.socketRefused(spec, name, code, "text", "hint");
        assertInstanceOf(SocketException.class, e);
        assertEquals(spec, e.spec());
        assertEquals(code, e.errorCode());
        assertTrue(e.getMessage().contains("(INET, RAW, ICMP)") && e.getMessage().contains(name)
                && e.getMessage().contains("hint"), e.getMessage());
    }
}
