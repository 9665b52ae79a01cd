package latentlab.app;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Drops files on a node the way the desktop does: a DRAG_OVER then a DRAG_DROPPED event carrying a
 * dragboard with the files. A headless robot cannot drag from outside the app, so the dragboard is
 * built over an in-memory clipboard.
 */
final class FilesOnDragboard implements TKClipboard {
    private final List<File> files;

    private FilesOnDragboard(List<File> files) {
        this.files = files;
    }

    /** Drops {@code file} in the middle of {@code target}; on the FX thread. Returns whether it was taken. */
    static boolean drop(Node target, Path file) {
        try {
            Class.forName(Dragboard.class.getName(), true, Dragboard.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Dragboard board = DragboardHelper.createDragboard(new FilesOnDragboard(List.of(file.toFile())));
        var bounds = target.localToScene(target.getBoundsInLocal());
        double x = bounds.getCenterX();
        double y = bounds.getCenterY();
        DragEvent over = new DragEvent(DragEvent.DRAG_OVER, board, x, y, x, y, TransferMode.COPY, null, null, null);
        Event.fireEvent(target, over);
        DragEvent dropped = new DragEvent(DragEvent.DRAG_DROPPED, board, x, y, x, y, TransferMode.COPY, null, null, null);
        Event.fireEvent(target, dropped);
        return dropped.isDropCompleted() || dropped.isConsumed();
    }

    @Override
    public Set<DataFormat> getContentTypes() {
        return Set.of(DataFormat.FILES);
    }

    @Override
    @SafeVarargs
    public final boolean putContent(Pair<DataFormat, Object>... content) {
        return false;
    }

    @Override
    public Object getContent(DataFormat format) {
        return DataFormat.FILES.equals(format) ? files : null;
    }

    @Override
    public boolean hasContent(DataFormat format) {
        return DataFormat.FILES.equals(format);
    }

    @Override
    public Set<TransferMode> getTransferModes() {
        return Set.of(TransferMode.COPY);
    }

    @Override
    public void setDragView(Image image) {
    }

    @Override
    public void setDragViewOffsetX(double offsetX) {
    }

    @Override
    public void setDragViewOffsetY(double offsetY) {
    }

    @Override
    public Image getDragView() {
        return null;
    }

    @Override
    public double getDragViewOffsetX() {
        return 0;
    }

    @Override
    public double getDragViewOffsetY() {
        return 0;
    }
}
