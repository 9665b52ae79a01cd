package latentlab.app.editor;

import latentlab.app.editor.EditorViewModel.SliderRanges;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The editor's slider ranges: a VAE's prior, an AE's codes' box widened, and the sliders' ticks. */
class SliderRangesTest {
    @Test
    void aVaesSlidersSpanThreeEitherSideOfZeroInEveryDimension() {
        SliderRanges r = SliderRanges.prior(3);
        assertArrayEquals(new double[] {-3, -3, -3}, r.low());
        assertArrayEquals(new double[] {3, 3, 3}, r.high());
    }

    @Test
    void anAesSlidersSpanItsCodesBoxATenthWiderOnEachSideOutToTheNextHalfUnit() {
        // width 20.4: 2.04 each side, -14.34 .. 10.14, out to -14.5 .. 10.5; width 0.2: at least half a unit
        SliderRanges r = SliderRanges.around(List.of(-12.3, 0.2), List.of(8.1, 0.4));
        assertArrayEquals(new double[] {-14.5, -0.5}, r.low(), 1e-12);
        assertArrayEquals(new double[] {10.5, 1.0}, r.high(), 1e-12);
    }

    @Test
    void rangesWithTheSameBoundsAreEqual() {
        assertEquals(SliderRanges.prior(2), SliderRanges.prior(2));
        assertEquals(SliderRanges.prior(2).hashCode(), SliderRanges.prior(2).hashCode());
        assertEquals(false, SliderRanges.prior(2).equals(SliderRanges.prior(3)));
    }

    @Test
    void aSliderHasATickEveryHalfOneTwoOrFiveUnitsTimesTenAndAtMostEightTicks() {
        assertEquals(0.5, EditorView.tickUnit(2), 1e-12);
        assertEquals(1, EditorView.tickUnit(6), 1e-12);
        assertEquals(2, EditorView.tickUnit(12), 1e-12);
        assertEquals(5, EditorView.tickUnit(25), 1e-12);
        assertEquals(50, EditorView.tickUnit(200), 1e-12);
    }
}
