package latentlab.app.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;

import java.util.Locale;

/**
 * Shows messages in the window: a one-line bar over the top of the content, coloured by severity.
 * Information hides itself after a few seconds and a warning after a little longer, since the bar
 * covers the top of the views; errors stay until closed. The last message also stays readable in the
 * status bar.
 *
 * <p>Why not ControlsFX's {@code NotificationPane} (used before): its bar slides in under a blurred
 * drop shadow and, at the start and end of every slide, made JavaFX repaint the whole window three
 * times. In software (the renderer on machines without a usable GPU) that froze the window for about
 * 300 ms whenever a message came or went, also while training ran. This bar appears and disappears
 * in one frame, and repaints only its own strip.
 */
public final class MessageBar implements MessageSink {
    private static final long INFO_VISIBLE_MILLIS = 6_000;
    private static final long WARNING_VISIBLE_MILLIS = 15_000;

    private final StackPane pane;
    private final HBox bar;
    private final Label icon = new Label();
    private final Label text = new Label();
    private final FxDelay autoHide = new FxDelay(this::hide);                       // no pulses while it waits
    private final long infoMillis;
    private final long warningMillis;
    private final ReadOnlyObjectWrapper<Message> last = new ReadOnlyObjectWrapper<>(this, "last");
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(this, "showing");
    private String severityClass;                                                    // the bar's style class for it

    public MessageBar(Node content) {
        this(content, INFO_VISIBLE_MILLIS, WARNING_VISIBLE_MILLIS);
    }

    /** With information shown for {@code infoMillis} and warnings for {@code warningMillis}; for tests. */
    MessageBar(Node content, long infoMillis, long warningMillis) {
        this.infoMillis = infoMillis;
        this.warningMillis = warningMillis;
        icon.getStyleClass().add("message-icon");
        text.getStyleClass().add("message-text");
        text.setId("message-text");
        text.setMaxWidth(Double.MAX_VALUE);
        text.setWrapText(true);                                                      // a long message takes more lines
        HBox.setHgrow(text, Priority.ALWAYS);
        Button close = new Button("\u2715");
        close.setId("message-close");
        close.getStyleClass().add("message-close");
        close.setFocusTraversable(false);
        close.setTooltip(new javafx.scene.control.Tooltip("Close this message (the status bar keeps it)"));
        close.setAccessibleText("Close the message");
        close.setOnAction(e -> hide());
        bar = new HBox(4, icon, text, close);
        bar.setId("message-bar");
        bar.getStyleClass().add("message-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMaxHeight(Double.NEGATIVE_INFINITY);                                  // its own height, at the top
        bar.visibleProperty().bind(showing);
        Clips.toOwnBounds(bar);                             // nothing in it reaches past its edges, at any moment
        StackPane.setAlignment(bar, Pos.TOP_CENTER);
        pane = new StackPane(content, bar);
        pane.setId("messages");
    }

    /** The pane to put in the window, holding the content with the bar over its top. */
    public StackPane pane() {
        return pane;
    }

    /** The last message posted. */
    public ReadOnlyObjectProperty<Message> lastProperty() {
        return last.getReadOnlyProperty();
    }

    /** Whether the bar is showing a message now. */
    public ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    /** The text the bar shows (the last message's, also once hidden). */
    public String shownText() {
        return text.getText();
    }

    /** Hides the bar; the last message stays in {@link #lastProperty()} and the status bar. */
    public void hide() {
        autoHide.stop();
        showing.set(false);
    }

    @Override
    public void post(Message message) {
        last.set(message);
        String severity = "message-" + message.severity().name().toLowerCase(Locale.ROOT);
        if (!severity.equals(severityClass)) {                                        // restyles the bar alone
            bar.getStyleClass().remove(severityClass);
            bar.getStyleClass().add(severity);
            severityClass = severity;
        }
        icon.setText(switch (message.severity()) {
            case INFO -> "\u2139";
            case WARNING -> "\u26a0";
            case ERROR -> "\u2716";
        });
        text.setText(message.text());
        showing.set(true);
        autoHide.stop();
        if (message.severity() != Message.Severity.ERROR) {
            autoHide.playFromStart(message.severity() == Message.Severity.INFO ? infoMillis : warningMillis);
        }
    }
}
