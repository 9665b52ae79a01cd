package latentlab.app.common;

/** Where view-models post messages for the window; called on the FX thread. */
@FunctionalInterface
public interface MessageSink {
    void post(Message message);
}
