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
        "connect, ENETUNREACH,      java.net.SocketException",
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

    /**
     * Every error of the Winsock reference's socket() table (winsock-facts.md) and the data-path
     * errors, in both spellings: the Java type is the one the JDK throws for that error, the name
     * and code are kept, and the message names the error.
     */
    @ParameterizedTest(name = "{1} ({2}) from {0} -> {3}")
    @CsvSource({
        // socket(): the reference's table; a refusal is a SocketException (no more specific type)
        "socket,  EAFNOSUPPORT,     97,    java.net.SocketException",
        "socket,  WSAEAFNOSUPPORT,  10047, java.net.SocketException",
        "socket,  EMFILE,           24,    java.net.SocketException",
        "socket,  WSAEMFILE,        10024, java.net.SocketException",
        "socket,  ENFILE,           23,    java.net.SocketException",
        "socket,  EINVAL,           22,    java.net.SocketException",
        "socket,  WSAEINVAL,        10022, java.net.SocketException",
        "socket,  ENOBUFS,          105,   java.net.SocketException",
        "socket,  WSAENOBUFS,       10055, java.net.SocketException",
        "socket,  ENOMEM,           12,    java.net.SocketException",
        "socket,  EPROTONOSUPPORT,  93,    java.net.SocketException",
        "socket,  WSAEPROTONOSUPPORT, 10043, java.net.SocketException",
        "socket,  EPROTOTYPE,       91,    java.net.SocketException",
        "socket,  WSAEPROTOTYPE,    10041, java.net.SocketException",
        "socket,  ESOCKTNOSUPPORT,  94,    java.net.SocketException",
        "socket,  WSAESOCKTNOSUPPORT, 10044, java.net.SocketException",
        "socket,  EACCES,           13,    java.net.SocketException",
        "socket,  WSAEACCES,        10013, java.net.SocketException",
        "socket,  EPERM,            1,     java.net.SocketException",
        "socket,  ENETDOWN,         100,   java.net.SocketException",
        "socket,  WSAENETDOWN,      10050, java.net.SocketException",
        "socket,  EINPROGRESS,      115,   java.net.SocketException",
        "socket,  WSAEINPROGRESS,   10036, java.net.SocketException",
        "socket,  WSANOTINITIALISED, 10093, java.net.SocketException",
        // data path
        "connect, ECONNREFUSED,     111,   java.net.ConnectException",
        "connect, WSAECONNREFUSED,  10061, java.net.ConnectException",
        "connect, ETIMEDOUT,        110,   java.net.ConnectException",
        "connect, WSAETIMEDOUT,     10060, java.net.ConnectException",
        "write,   ETIMEDOUT,        110,   java.net.SocketException",
        "connect, EHOSTUNREACH,     113,   java.net.NoRouteToHostException",
        "sendto,  WSAEHOSTUNREACH,  10065, java.net.NoRouteToHostException",
        "connect, ENETUNREACH,      101,   java.net.SocketException",
        "connect, WSAENETUNREACH,   10051, java.net.SocketException",
        "bind,    EADDRINUSE,       98,    java.net.BindException",
        "bind,    WSAEADDRINUSE,    10048, java.net.BindException",
        "bind,    EADDRNOTAVAIL,    99,    java.net.BindException",
        "connect, WSAEADDRNOTAVAIL, 10049, java.net.BindException",
        "bind,    WSAEACCES,        10013, java.net.BindException",
        "read,    ECONNRESET,       104,   java.net.SocketException",
        "read,    WSAECONNRESET,    10054, java.net.SocketException",
        "read,    ECONNABORTED,     103,   java.net.SocketException",
        "sendto,  EMSGSIZE,         90,    java.net.SocketException",
        "sendto,  WSAEMSGSIZE,      10040, java.net.SocketException",
        "write,   ENOTCONN,         107,   java.net.SocketException",
        "write,   WSAENOTCONN,      10057, java.net.SocketException",
        "write,   EPIPE,            32,    java.net.SocketException",
        "write,   ESHUTDOWN,        108,   java.net.SocketException",
        "write,   WSAESHUTDOWN,     10058, java.net.SocketException",
        "connect, EISCONN,          106,   java.net.SocketException",
        "connect, WSAEISCONN,       10056, java.net.SocketException",
        "connect, EALREADY,         114,   java.net.SocketException",
        "read,    ENOTSOCK,         88,    java.net.SocketException",
        "read,    EOPNOTSUPP,       95,    java.net.SocketException",
    })
    void everyReferenceErrorMapsToItsJavaException(String call, String name, int code, String type) throws Exception {
        IOException e = NativeErrors.exception(call, name, code, "text");
        Class<?> expected = Class.forName(type);
        assertEquals(expected, e.getClass().getSuperclass(), "the JDK's type (wsnio subclasses it): " + e);
        NativeError ne = (NativeError) e;
        assertEquals(name, ne.errorName());
        assertEquals(code, ne.errorCode());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        if (call.equals("socket")) {
            SocketCreationException refused = NativeErrors.socketRefused(SocketSpec.TCP_V4, name, code, "text", null);
            assertEquals(name, refused.errorName());
            assertTrue(refused.getMessage().startsWith("socket (INET, STREAM, TCP) refused: " + name), refused.getMessage());
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
