package io.wsnio.spi.triples;

/** Child of {@link RuntimeWithoutJavaLoggingTest}: opens a wsnio channel and prints what happened. */
public final class NoLoggingMain {
    private NoLoggingMain() { }

    public static void main(String[] args) {
        System.out.println("logging=" + ModuleLayer.boot().findModule("java.logging").isPresent());
        try (var ch = new io.wsnio.WsnioSelectorProvider().openSocketChannel()) {
            System.out.println("opened=" + ch.isOpen());
        } catch (Throwable t) {
            System.out.println("error=" + t.getClass().getName() + ": " + t.getMessage());
            for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
                System.out.println("cause=" + c.getClass().getName() + ": " + c.getMessage());
            }
        }
    }
}
