package latentlab.app.common;

import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Information and warnings hide themselves after their time, a newer message gets its own; errors stay. */
@ExtendWith(ApplicationExtension.class)
class MessageBarTest {
    private static final long INFO_MILLIS = 400;
    private static final long WARNING_MILLIS = 900;
    private MessageBar bar;

    @Start
    void start(Stage stage) {
        bar = new MessageBar(new Pane(), INFO_MILLIS, WARNING_MILLIS);
        stage.setScene(new Scene(bar.pane(), 400, 200));
        stage.show();
    }

    private boolean showing() {
        return onFx(() -> bar.showingProperty().get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void informationHidesItselfAfterItsTimeAndStaysInTheLastMessage() {
        long posted = System.nanoTime();
        runFx(() -> bar.post(Message.info("Trained 8 epochs.")));
        assertTrue(showing(), "shown at once");
        waitFor(5, "the bar to hide", () -> !showing());
        long shownMillis = (System.nanoTime() - posted) / 1_000_000;
        assertTrue(shownMillis >= INFO_MILLIS, "shown for its time, hid after " + shownMillis + " ms");
        assertEquals("Trained 8 epochs.", onFx(() -> bar.lastProperty().get().text()));
    }

    @Test
    void aNewerMessageIsShownForItsOwnTimeNotTheRestOfTheOlderOnes() {
        runFx(() -> bar.post(Message.info("first")));
        sleep(INFO_MILLIS / 2);
        runFx(() -> bar.post(Message.warning("second")));
        sleep(INFO_MILLIS);                                                          // past the first one's time
        assertTrue(showing(), "the warning still shows when the information's time has passed");
        assertEquals("second", onFx(bar::shownText));
        waitFor(5, "the warning to hide", () -> !showing());
    }

    @Test
    void anErrorStaysUntilClosedAndCancelsTheEarlierMessagesTime() {
        runFx(() -> bar.post(Message.info("first")));
        runFx(() -> bar.post(Message.error("The file is not a model.")));
        sleep(INFO_MILLIS + WARNING_MILLIS);
        assertTrue(showing(), "an error stays");
        runFx(bar::hide);
        assertFalse(showing(), "closed");
    }
}
