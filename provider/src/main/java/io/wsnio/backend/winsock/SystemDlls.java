package io.wsnio.backend.winsock;

/** Absolute paths of Windows system DLLs, so no DLL search order can plant a look-alike. */
final class SystemDlls {
    private SystemDlls() { }

    /** {@code %SystemRoot%\System32\<dll>}; SystemRoot defaults to {@code C:\Windows}. */
    static String path(String dll) {
        String root = System.getenv("SystemRoot");
        if (root == null || root.isEmpty()) {
            root = "C:\\Windows";
        }
        if (root.endsWith("\\")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + "\\System32\\" + dll;
    }
}
