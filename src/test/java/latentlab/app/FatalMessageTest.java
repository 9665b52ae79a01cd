package latentlab.app;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The message box that explains a start that cannot go on: what it shows, and that OK ends the wait. */
class FatalMessageTest {
    private static final String TITLE = "Latent Lab cannot start";

    @Test
    void theMessageBoxShowsTheWholeMessageAndOkLetsTheStartEnd() throws Exception {
        FxToolkit.registerPrimaryStage();                                     // JavaFX as TestFX starts it, for every test
        boolean implicitExit = Platform.isImplicitExit();
        Platform.setImplicitExit(false);                                      // closing the only window must not end JavaFX here
        try {
            showAndClose();
        } finally {
            Platform.setImplicitExit(implicitExit);
        }
    }

    private void showAndClose() throws Exception {
        String message = "Latent Lab could not unpack its native libraries (345 MB, once) into /opt/latentlab"
                + " (read-only). Free that much disk space, or start it with -Dlatentlab.cache.dir=FOLDER.";
        CompletableFuture<Void> shown = CompletableFuture.runAsync(() -> FatalMessage.show(TITLE, message));

        waitFor(10, "the message box", () -> dialog().isPresent());
        assertEquals(message, onFx(() -> ((Label) dialog().orElseThrow().getDialogPane().getContent()).getText()));
        assertFalse(shown.isDone(), "the start waits while the message is shown");

        Platform.runLater(() -> {                                             // not waited on: it ends the dialog's event loop
            DialogPane pane = dialog().orElseThrow().getDialogPane();
            ((Button) pane.lookupButton(ButtonType.OK)).fire();
        });
        shown.get(10, TimeUnit.SECONDS);
        waitFor(5, "the message box to close", () -> dialog().isEmpty());
    }

    private record Shown(Stage stage) {
        DialogPane getDialogPane() {
            return (DialogPane) stage.getScene().getRoot();
        }
    }

    /** The message box, if a window with its title is showing (on the FX thread). */
    private static Optional<Shown> dialog() {
        return Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && TITLE.equals(s.getTitle()) && w.isShowing())
                .map(w -> new Shown((Stage) w)).findFirst();
    }
}
