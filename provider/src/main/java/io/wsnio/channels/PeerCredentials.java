package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;

/** {@code SO_PEERCRED} as the JDK's {@code jdk.net.UnixDomainPrincipal} (created reflectively: jdk.net may be absent). */
final class PeerCredentials {
    private PeerCredentials() { }

    static Object principal(NativeNet net, long h) throws IOException {
        byte[] cred = new byte[12];  // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        int n = net.getBytesOption(h, SockOpt.SO_PEERCRED, cred);
        if (n < 12) {
            throw new java.net.SocketException("SO_PEERCRED returned " + n + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(cred).order(ByteOrder.nativeOrder());
        int uid = b.getInt(4);
        int gid = b.getInt(8);
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            Class<?> type = Class.forName("jdk.net.UnixDomainPrincipal");
            return type.getConstructor(java.nio.file.attribute.UserPrincipal.class, java.nio.file.attribute.GroupPrincipal.class)
                    .newInstance(lookup.lookupPrincipalByName(Integer.toUnsignedString(uid)),
                            lookup.lookupPrincipalByGroupName(Integer.toUnsignedString(gid)));
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("SO_PEERCRED needs the jdk.net module", e);
        }
    }
}
