package latentlab.app.train;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextField;
import javafx.util.Callback;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.PropertyEditor;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A text field for whole numbers and decimals in the settings sheet: shows integers without a
 * decimal point, accepts "1e-3", and marks text that is not a number instead of taking it.
 */
final class NumberEditor extends AbstractPropertyEditor<Number, TextField> {
    private static final String VALUE = "latentlab.numberEditor.value";
    private static final String INVALID = "invalid-number";
    private static final double SMALLEST_PLAIN = 1e-4;

    private NumberEditor(PropertySheet.Item item, TextField field) {
        super(item, field);
    }

    /**
     * The sheet's editors: this one for Integer and Double settings, a {@link ChoiceBox} for a choice among
     * an enum's values, ControlsFX's for the rest. (ControlsFX's choice editor is a ComboBox, whose skin
     * builds a list view with its cells and scroll bars, about 29 nodes, when the window is first shown; a
     * ChoiceBox is 4 and builds its menu when opened: the window shows sooner.)
     */
    static Callback<PropertySheet.Item, PropertyEditor<?>> factory() {
        DefaultPropertyEditorFactory defaults = new DefaultPropertyEditorFactory();
        return item -> item.getType() == Integer.class || item.getType() == Double.class ? create(item)
                : item.getType().isEnum() ? choice(item) : defaults.call(item);
    }

    private static PropertyEditor<?> choice(PropertySheet.Item item) {
        ChoiceBox<Object> box = new ChoiceBox<>(FXCollections.observableArrayList(item.getType().getEnumConstants()));
        box.setMaxWidth(Double.MAX_VALUE);
        return new AbstractPropertyEditor<Object, ChoiceBox<Object>>(item, box) {
            @Override
            protected ObservableValue<Object> getObservableValue() {
                return box.valueProperty();
            }

            @Override
            public void setValue(Object value) {
                box.setValue(value);
            }
        };
    }

    private static NumberEditor create(PropertySheet.Item item) {
        boolean whole = item.getType() == Integer.class;
        TextField field = new TextField();
        ObjectProperty<Number> value = new SimpleObjectProperty<>();
        field.getProperties().put(VALUE, value);
        field.textProperty().addListener((obs, was, text) -> {
            Number parsed = parse(text, whole);
            field.getStyleClass().remove(INVALID);
            if (parsed == null) {
                field.getStyleClass().add(INVALID);
            } else {
                value.set(parsed);
            }
        });
        return new NumberEditor(item, field);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected ObservableValue<Number> getObservableValue() {
        return (ObservableValue<Number>) getEditor().getProperties().get(VALUE);
    }

    @Override
    public void setValue(Number v) {
        if (v == null) {
            return;
        }
        Number current = parse(getEditor().getText(), getProperty().getType() == Integer.class);
        if (current == null || current.doubleValue() != v.doubleValue()) {
            getEditor().setText(format(v, getProperty().getType() == Integer.class));
        }
    }

    static String format(Number v, boolean whole) {
        if (whole) {
            return Long.toString(v.longValue());
        }
        double d = v.doubleValue();
        return d != 0 && Math.abs(d) < SMALLEST_PLAIN ? String.format(Locale.ROOT, "%.0e", d)
                : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static Number parse(String text, boolean whole) {
        try {
            String t = text.strip();
            return whole ? Integer.valueOf(t) : Double.valueOf(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
