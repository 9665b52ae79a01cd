package latentlab.app;

import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A message box for a failure before the window can exist (the native libraries could not be unpacked), so
 * that someone who double-clicked the app sees why it did not open. Without a display it does nothing: the
 * caller has printed the message already.
 */
public final class FatalMessage {
    private FatalMessage() {
    }

    /** Shows the message and waits until it is closed (at most ten minutes); returns at once without a display. */
    public static void show(String title, String message) {
        CountDownLatch closed = new CountDownLatch(1);
        try {
            try {
                Platform.startup(() -> { });
            } catch (IllegalStateException alreadyRunning) {
                // JavaFX is up already (a test): show it there
            }
            Platform.runLater(() -> {
                try {
                    Alert alert = new Alert(Alert.AlertType.ERROR);
                    alert.setTitle(title);
                    alert.setHeaderText(title);
                    Label text = new Label(message);
                    text.setWrapText(true);
                    text.setPrefWidth(520);
                    alert.getDialogPane().setContent(text);
                    alert.setOnHidden(e -> closed.countDown());                  // the caller waits, not the FX thread
                    alert.show();
                } catch (RuntimeException e) {
                    closed.countDown();
                }
            });
            closed.await(10, TimeUnit.MINUTES);
        } catch (RuntimeException | Error e) {
            // no display, or JavaFX could not start: the message is on standard error already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
