package latentlab.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The manifold's grid ticks: a few a second while training changes the weights, none otherwise. */
class WorkspaceTest {
    private long now = 1_000_000_000L;
    private final Workspace workspace = new Workspace(() -> now);

    private long ticks() {
        return workspace.gridTickProperty().get();
    }

    private void step(long nanos) {
        now += nanos;
        workspace.weightsChanged();
        workspace.publishGridTick();
    }

    @Test
    void theGridTicksEveryTickPeriodWhileTrainingChangesTheWeights() {
        workspace.setTraining(true);
        step(Workspace.FIRST_REFRESH_NANOS);
        assertEquals(1, ticks());
        for (int frame = 0; frame < 120; frame++) {                                      // one second at 120 frames a second
            step(1_000_000_000L / 120);
        }
        assertEquals(1 + 1_000_000_000L / Workspace.GRID_TICK_NANOS, ticks(), 1);
    }

    @Test
    void theFirstTickWaitsForTheRunsFirstRefresh() {
        workspace.setTraining(true);
        step(Workspace.FIRST_REFRESH_NANOS - 1);
        assertEquals(0, ticks());
        step(1);
        assertEquals(1, ticks());
    }

    @Test
    void unchangedWeightsDoNotTick() {
        workspace.setTraining(true);
        step(Workspace.FIRST_REFRESH_NANOS);
        now += 10 * Workspace.GRID_TICK_NANOS;
        workspace.publishGridTick();
        assertEquals(1, ticks());
    }

    @Test
    void nothingTicksOutsideATrainingRun() {
        step(Workspace.FIRST_REFRESH_NANOS);
        step(Workspace.GRID_TICK_NANOS);
        assertEquals(0, ticks());
        workspace.setTraining(true);
        step(Workspace.FIRST_REFRESH_NANOS);
        workspace.setTraining(false);
        step(Workspace.GRID_TICK_NANOS);
        step(Workspace.GRID_TICK_NANOS);
        assertEquals(1, ticks());
    }

    @Test
    void theRevisionStillComesAtMostOnceASecondAndAtTheEndOfARun() {
        workspace.setTraining(true);
        long before = workspace.revisionProperty().get();
        for (int frame = 0; frame < 240; frame++) {                                      // two seconds
            now += 1_000_000_000L / 120;
            workspace.weightsChanged();
            workspace.publishRevision();
        }
        assertEquals(2, workspace.revisionProperty().get() - before);                   // at 0.3 s and 1.3 s
        workspace.weightsChanged();
        workspace.setTraining(false);
        assertEquals(3, workspace.revisionProperty().get() - before);
    }

    @Test
    void theEndOfARunBringsARevisionEvenWhenItsLastWeightsWereAlreadyPublished() {
        workspace.setTraining(true);
        now += Workspace.FIRST_REFRESH_NANOS;
        workspace.weightsChanged();                                                      // the run's last step
        workspace.publishRevision();                                                     // published in the same frame
        long published = workspace.revisionProperty().get();
        now += 300_000_000L;                                                             // the test ELBO, no step
        workspace.setTraining(false);
        assertEquals(published + 1, workspace.revisionProperty().get(),
                "the views that let the last live revision pass get the final weights");
    }
}
