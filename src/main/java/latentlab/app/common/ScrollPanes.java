package latentlab.app.common;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.skin.ScrollPaneSkin;

/** Scroll panes whose contents change while they are shown. */
public final class ScrollPanes {
    private ScrollPanes() {
    }

    /**
     * A scroll pane over {@code content} whose viewport is not cached as a bitmap.
     *
     * <p>JavaFX's scroll pane skin caches its viewport: any change inside it, however small (a figure
     * that counts samples a second, a progress bar, a slider's value), paints the whole content again
     * into the cache before the cache is drawn. The training panel does that twice a second while a run
     * goes on, which the software renderer spent most of its time on. Without the cache only the region
     * that changed is painted; scrolling these short panels repaints them, which costs no more.
     */
    public static ScrollPane uncached(Node content) {
        ScrollPane pane = new ScrollPane(content);
        pane.setSkin(new ScrollPaneSkin(pane));
        viewport(pane).setCache(false);
        return pane;
    }

    /** The skin's viewport, the clipped node that holds the content. */
    static Node viewport(Parent pane) {
        return pane.getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("viewport"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the scroll pane's skin has no viewport"));
    }
}
