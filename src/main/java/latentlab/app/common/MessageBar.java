package latentlab.app.common;

import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;

import java.util.Locale;

/**
 * Shows messages in the window (ControlsFX {@link NotificationPane} over the content): information
 * hides itself after a few seconds and a warning after a little longer, since the bar covers the top
 * of the views; errors stay until closed. The last message also stays readable in the status bar.
 */
public final class MessageBar implements MessageSink {
    private static final Duration INFO_VISIBLE = Duration.seconds(6);
    private static final Duration WARNING_VISIBLE = Duration.seconds(15);

    private final NotificationPane pane;
    private final PauseTransition autoHide = new PauseTransition(INFO_VISIBLE);
    private final ReadOnlyObjectWrapper<Message> last = new ReadOnlyObjectWrapper<>(this, "last");

    public MessageBar(Node content) {
        pane = new NotificationPane(content);
        pane.setId("messages");
        pane.setShowFromTop(true);
        autoHide.setOnFinished(e -> pane.hide());
    }

    /** The pane to put in the window, holding the content. */
    public NotificationPane pane() {
        return pane;
    }

    /** The last message posted. */
    public ReadOnlyObjectProperty<Message> lastProperty() {
        return last.getReadOnlyProperty();
    }

    @Override
    public void post(Message message) {
        last.set(message);
        pane.getStyleClass().removeIf(c -> c.startsWith("message-"));
        pane.getStyleClass().add("message-" + message.severity().name().toLowerCase(Locale.ROOT));
        Label icon = new Label(switch (message.severity()) {
            case INFO -> "\u2139";
            case WARNING -> "\u26a0";
            case ERROR -> "\u2716";
        });
        icon.getStyleClass().add("message-icon");
        autoHide.stop();
        pane.show(message.text(), icon);
        if (message.severity() != Message.Severity.ERROR) {
            autoHide.setDuration(message.severity() == Message.Severity.INFO ? INFO_VISIBLE : WARNING_VISIBLE);
            autoHide.playFromStart();
        }
    }
}
