package latentlab.app.train;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import latentlab.app.DatasetSource;
import latentlab.app.Workspace;
import latentlab.app.Workspace.Session;
import latentlab.app.chart.LossHistory;
import latentlab.app.common.Formats;
import latentlab.app.common.Message;
import latentlab.app.common.MessageSink;
import latentlab.app.common.Threads;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.ImageFolderReader;
import latentlab.core.data.ImageShape;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelCatalog;
import latentlab.core.model.ModelFile;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingEvent;
import latentlab.core.train.TrainingOutcome;
import latentlab.core.train.TrainingRun;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The model and data panel without its controls: which dataset and model are loaded, the settings,
 * training with pause, resume and stop, and model files.
 *
 * <p>The trainer's events arrive on the training thread and are only queued there; {@link #frame()},
 * called once per frame by the window, drains them all into the {@link LossHistory} and the figures.
 * Loading and saving run on the I/O thread; every command returns at once.
 */
public final class TrainingViewModel {
    /** How long closing the window waits for the trainer to finish its current step. */
    public static final long SHUTDOWN_WAIT_MILLIS = 5_000;
    /**
     * How often the figures (progress, losses, samples/s, clock) change on screen: every text change
     * costs a layout and a software redraw, which compete with training for the CPU; the chart still gets
     * every point, and the window redraws the chart in the same frame ({@link #figuresShownNanos()}), so
     * that both cost one redraw rather than two.
     */
    static final long FIGURES_INTERVAL_NANOS = 500_000_000L;

    private final Workspace workspace;
    private final Threads threads;
    private final DatasetSource datasets;
    private final MessageSink messages;
    private final LossHistory history;
    private final TrainingSettings settings = new TrainingSettings();
    private final Queue<TrainingEvent> events = new ConcurrentLinkedQueue<>();

    private final ReadOnlyObjectWrapper<TrainingState> state = new ReadOnlyObjectWrapper<>(this, "state", TrainingState.EMPTY);
    private final ReadOnlyStringWrapper busy = new ReadOnlyStringWrapper(this, "busy", "");
    private volatile Consumer<Session> onSessionRead = s -> { };
    private final ReadOnlyStringWrapper datasetName = new ReadOnlyStringWrapper(this, "datasetName", "");
    private final ReadOnlyStringWrapper modelDescription = new ReadOnlyStringWrapper(this, "modelDescription", "");
    private final ReadOnlyObjectWrapper<Path> modelFile = new ReadOnlyObjectWrapper<>(this, "modelFile");
    private final ReadOnlyBooleanWrapper unsaved = new ReadOnlyBooleanWrapper(this, "unsaved");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyDoubleWrapper samplesPerSecond = new ReadOnlyDoubleWrapper(this, "samplesPerSecond");
    private final ReadOnlyDoubleWrapper elapsedSeconds = new ReadOnlyDoubleWrapper(this, "elapsedSeconds", Double.NaN);
    private final ReadOnlyDoubleWrapper remainingSeconds = new ReadOnlyDoubleWrapper(this, "remainingSeconds", Double.NaN);
    private final ReadOnlyStringWrapper lossText = new ReadOnlyStringWrapper(this, "lossText", "");
    private final ReadOnlyStringWrapper epochText = new ReadOnlyStringWrapper(this, "epochText", "");
    private final ReadOnlyStringWrapper elboText = new ReadOnlyStringWrapper(this, "elboText", "");
    private final ReadOnlyObjectWrapper<FolderPreview> folderPreview = new ReadOnlyObjectWrapper<>(this, "folderPreview");
    private final BooleanBinding idle;

    private TrainingRun run;
    private boolean shutDown;                                                    // after shutdown(): no new work
    private int stepsPerEpoch = 1;
    private int currentEpoch;
    private long epochFirstIteration;
    private long runStartNanos;
    private long pausedNanos;
    private long pauseStartNanos;
    private double fractionDone;
    private long lastFiguresNanos;
    private TrainingEvent.Iteration lastIteration;
    /**
     * Texts that change at an epoch's start or end (the epoch, the test ELBO, the model's line), held until
     * the figures next change ({@link #FIGURES_INTERVAL_NANOS}): each text shown on its own cost a frame of
     * its own (a layout, a software redraw and a copy of the whole window), two or three more a second.
     * Null when none is waiting.
     */
    private String pendingEpochText;
    private String pendingElboText;
    private String pendingModelDescription;
    private int epochsThisRun;
    private int firstRunEpoch;

    public TrainingViewModel(Workspace workspace, Threads threads, DatasetSource datasets, MessageSink messages,
                             LossHistory history) {
        this.workspace = Objects.requireNonNull(workspace);
        this.threads = Objects.requireNonNull(threads);
        this.datasets = Objects.requireNonNull(datasets);
        this.messages = Objects.requireNonNull(messages);
        this.history = Objects.requireNonNull(history);
        this.idle = Bindings.createBooleanBinding(() -> !state.get().running() && busy.get().isEmpty(), state, busy);
    }

    // --- Properties ----------------------------------------------------------------------------

    public TrainingSettings settings() {
        return settings;
    }

    public ReadOnlyObjectProperty<TrainingState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public TrainingState state() {
        return state.get();
    }

    /** What is being loaded or saved, for a progress line; empty when nothing is. */
    public ReadOnlyStringProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The loaded dataset's catalogue name. */
    public ReadOnlyStringProperty datasetNameProperty() {
        return datasetName.getReadOnlyProperty();
    }

    /** "VAE 784-512-2 relu bernoulli, 3 epochs". */
    public ReadOnlyStringProperty modelDescriptionProperty() {
        return modelDescription.getReadOnlyProperty();
    }

    /** The file the model was last opened from or saved to. */
    public ReadOnlyObjectProperty<Path> modelFileProperty() {
        return modelFile.getReadOnlyProperty();
    }

    /** Whether the model has trained since it was last saved or opened. */
    public ReadOnlyBooleanProperty unsavedProperty() {
        return unsaved.getReadOnlyProperty();
    }

    /** Fraction of the current run done, 0..1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Training throughput, recent average. */
    public ReadOnlyDoubleProperty samplesPerSecondProperty() {
        return samplesPerSecond.getReadOnlyProperty();
    }

    /** Seconds the current (or last) run has trained, pauses excluded. */
    public ReadOnlyDoubleProperty elapsedSecondsProperty() {
        return elapsedSeconds.getReadOnlyProperty();
    }

    /** Estimated seconds left in the current run; NaN when unknown. */
    public ReadOnlyDoubleProperty remainingSecondsProperty() {
        return remainingSeconds.getReadOnlyProperty();
    }

    /** The last step's losses: "loss 162.3 = recon 155.1 + KL 7.2". */
    public ReadOnlyStringProperty lossTextProperty() {
        return lossText.getReadOnlyProperty();
    }

    /** "epoch 3 (3 of 10)": the model's epoch, and which of this run's epochs it is. */
    public ReadOnlyStringProperty epochTextProperty() {
        return epochText.getReadOnlyProperty();
    }

    /** The last test evaluation: "test ELBO -150.2 nats after epoch 3 (recon 140.1, KL 10.1)". */
    public ReadOnlyStringProperty elboTextProperty() {
        return elboText.getReadOnlyProperty();
    }

    /** True when settings, dataset and files can be changed: no run and nothing loading. */
    public BooleanBinding idleBinding() {
        return idle;
    }

    public boolean canTrain() {
        return state.get() == TrainingState.READY && busy.get().isEmpty();
    }

    // --- Commands ------------------------------------------------------------------------------

    /**
     * Loads a dataset by catalogue name. A model that was trained on it is kept; otherwise a new
     * model is made from the settings. A failure leaves everything as it was and says why.
     */
    public void loadDataset(String name) {
        if (!idle.get()) {
            return;
        }
        Session before = workspace.session();
        settings.decoderProperty().set(TrainingSettings.defaultDecoder(name));
        startBusy("Loading " + name + "\u2026");
        threads.background(threads.io(), () -> {
            Dataset data = datasets.load(name);
            Model model = before != null && before.model().datasetName().equals(data.name())
                    && before.model().config().shape().equals(data.shape())
                    ? before.model() : Model.initialise(settings.modelConfig(data.shape()), data);
            return new Session(data, model);
        }, s -> {
            endBusy();
            boolean keptModel = before != null && s.model() == before.model();
            if (!keptModel) {
                history.clear();
                setModelFile(null);
            }
            show(s);
            messages.post(Message.info(String.format(Locale.ROOT, "Loaded %s: %,d training and %,d test images of %s.",
                    s.dataset().name(), s.dataset().train().size(), s.dataset().test().size(), s.dataset().shape())));
        }, this::failed);
    }

    /**
     * A folder of the user's images as a model will see them, before it becomes the dataset.
     *
     * @param folder the folder chosen
     * @param images the first {@value #PREVIEW_IMAGES} images, preprocessed exactly as the folder dataset
     *               and the editor do, with the files that could not be used
     */
    public record FolderPreview(Path folder, ImageFolderReader.Images images) {
    }

    /** Images shown in a folder's preview. */
    public static final int PREVIEW_IMAGES = 64;

    /** The preview of the folder last chosen; null until one is read, and again when it is used or dismissed. */
    public ReadOnlyObjectProperty<FolderPreview> folderPreviewProperty() {
        return folderPreview.getReadOnlyProperty();
    }

    /**
     * Reads the first images of a folder in the background and shows them ({@link #folderPreviewProperty});
     * a folder with no usable image gets a message that lists what was skipped.
     */
    public void previewFolder(Path folder) {
        if (!idle.get()) {
            return;
        }
        startBusy("Reading " + folder.getFileName() + "\u2026");
        threads.background(threads.io(), () -> ImageFolderReader.readImages(folder, ImageShape.MNIST, PREVIEW_IMAGES),
                images -> {
                    endBusy();
                    folderPreview.set(new FolderPreview(folder, images));
                }, this::failed);
    }

    /** Uses the previewed folder as the dataset (all its images, not only those shown). */
    public void usePreviewedFolder() {
        FolderPreview p = folderPreview.get();
        folderPreview.set(null);
        if (p != null) {
            loadDataset(DatasetCatalog.FOLDER_PREFIX + p.folder());
        }
    }

    /** Dismisses the preview; the dataset stays as it was. */
    public void dismissFolderPreview() {
        folderPreview.set(null);
    }

    /** Starts training the model for the set number of epochs; makes a new model first if the architecture changed. */
    public void train() {
        if (!canTrain()) {
            return;
        }
        Session s = workspace.session();
        if (s.dataset().isAbsent()) {
            messages.post(Message.warning("There is nothing to train on: " + s.dataset().name() + " is not on this"
                    + " computer. Get it with Data \u203a Datasets\u2026, or choose a dataset that is here (the synthetic"
                    + " one always is)."));
            return;
        }
        ModelConfig wanted;
        TrainConfig config;
        try {
            wanted = settings.modelConfig(s.dataset().shape());
            config = settings.trainConfig();
        } catch (IllegalArgumentException e) {
            messages.post(Message.error(e));
            return;
        }
        Model model = s.model();
        if (!model.config().withBeta(wanted.beta()).equals(wanted)) {
            boolean lost = unsaved.get();
            newModel(wanted, () -> {
                messages.post(Message.info("Started a new " + wanted.describe() + " because the model settings changed"
                        + (lost ? "; the previous model's training had not been saved." : ".")));
                train();
            });
            return;
        }
        if (model.config().beta() != wanted.beta()) {
            model = new Model(wanted, model.params(), model.datasetName(), model.preprocessing(), model.history(),
                    model.optimizerState());
            workspace.setSession(new Session(s.dataset(), model));
        }
        startRun(model, s.dataset(), config);
    }

    /** Holds training after its current step. */
    public void pause() {
        if (state.get() == TrainingState.TRAINING) {
            run.pause();
            pauseStartNanos = System.nanoTime();
            state.set(TrainingState.PAUSED);
        }
    }

    /** Continues a paused run. */
    public void resume() {
        if (state.get() == TrainingState.PAUSED) {
            pausedNanos += System.nanoTime() - pauseStartNanos;
            state.set(TrainingState.TRAINING);
            run.resume();
        }
    }

    /** Pause when training, resume when paused: the one-key shortcut. */
    public void togglePause() {
        if (state.get() == TrainingState.PAUSED) {
            resume();
        } else {
            pause();
        }
    }

    /** Ends the run after its current step; the weights trained so far are kept. */
    public void stop() {
        if (state.get() == TrainingState.TRAINING || state.get() == TrainingState.PAUSED) {
            state.set(TrainingState.STOPPING);
            run.cancel();
        }
    }

    /** Replaces the model by a new untrained one from the settings, and clears the chart. */
    public void resetModel() {
        Session s = workspace.session();
        if (!idle.get() || s == null) {
            return;
        }
        try {
            newModel(settings.modelConfig(s.dataset().shape()), () -> messages.post(
                    Message.info("New untrained model: " + workspace.session().model().config().describe() + ".")));
        } catch (IllegalArgumentException e) {
            messages.post(Message.error(e));
        }
    }

    /** A new model if the architecture settings differ from an untrained model's; for live settings. */
    public void applySettingsIfUntrained() {
        Session s = workspace.session();
        if (shutDown || !idle.get() || s == null || s.model().epochsTrained() > 0 || !history.isEmpty()) {
            return;
        }
        try {
            ModelConfig wanted = settings.modelConfig(s.dataset().shape());
            if (!wanted.equals(s.model().config())) {
                newModel(wanted, () -> { });
            }
        } catch (IllegalArgumentException e) {
            // a half-typed setting: Train will say what is wrong
        }
    }

    /**
     * Opens a model file. If it was trained on another dataset, that dataset is loaded too. When that
     * dataset is not on this computer the model opens without it (it decodes, so the manifold, the
     * editor and sampling work; training and the latent map wait for the data), or with the current
     * dataset if the model fits it. A file that cannot be read leaves the current model as it was.
     */
    public void openModel(Path file) {
        openModel(file, true);
    }

    /**
     * Opens a model from the catalogue. A shipped model is opened without a file to save to, so that
     * Save asks where to put the trained copy and the shipped file stays as it was.
     */
    public void openCatalogEntry(ModelCatalog.Entry entry) {
        openModel(entry.file(), entry.origin() != ModelCatalog.Origin.SHIPPED);
    }

    /**
     * Opens the catalogue's default model (the MNIST 2-D VAE among the shipped models); without one,
     * a new model of the synthetic dataset.
     */
    public void openDefaultModel(ModelCatalog catalog) {
        if (!idle.get()) {
            return;
        }
        Session before = workspace.session();
        startBusy("Opening the default model\u2026");
        // one background task for finding the default and reading its file, so that neither waits for the FX thread,
        // which is still building the window when the app starts
        threads.background(threads.io(), () -> {
            Optional<ModelCatalog.Entry> entry = catalog.defaultModel();
            return entry.map(e -> new DefaultOpened(e, open(e.file(), before)));
        }, opened -> {
            endBusy();
            if (opened.isPresent()) {
                ModelCatalog.Entry e = opened.get().entry();
                opened(opened.get().opened(), e.file(), e.origin() != ModelCatalog.Origin.SHIPPED);
            } else {
                messages.post(Message.warning("No shipped models were found next to the app, so it starts with a new"
                        + " model of the synthetic dataset."));
                loadDataset(DatasetCatalog.SYNTHETIC);
            }
        }, this::failed);
    }

    private void openModel(Path file, boolean saveBackToFile) {
        if (!idle.get()) {
            return;
        }
        Session before = workspace.session();
        startBusy("Opening " + file.getFileName() + "\u2026");
        threads.background(threads.io(), () -> open(file, before), opened -> {
            endBusy();
            opened(opened, file, saveBackToFile);
        }, this::failed);
    }

    /**
     * Called with each model session as soon as its file is read, on the thread that read it, before the
     * FX thread shows it: for work that can start early (the manifold decodes its first grid while the
     * window is still being built at start-up).
     */
    public void setOnSessionRead(Consumer<Session> onRead) {
        onSessionRead = Objects.requireNonNull(onRead);
    }

    /** Reads a model file and finds its data; on a background thread. */
    private Opened open(Path file, Session before) {
        Opened opened = read(file, before);
        onSessionRead.accept(opened.session());
        return opened;
    }

    private Opened read(Path file, Session before) {
        Model model = ModelFile.load(file);
        String name = model.datasetName();
        if (before != null && before.dataset().name().equals(name) && !before.dataset().isAbsent()) {
            model.requireCompatible(before.dataset());
            return new Opened(new Session(before.dataset(), model), null);
        }
        String problem;
        if (datasets.present(name)) {
            try {
                return new Opened(new Session(datasets.load(name), model), null);
            } catch (RuntimeException e) {
                problem = "Its dataset \"" + name + "\" could not be loaded: " + e.getMessage();
            }
        } else {
            problem = "Its dataset \"" + name + "\" is not on this computer";
        }
        if (before != null && !before.dataset().isAbsent() && before.dataset().shape().equals(model.config().shape())) {
            model.requireCompatible(before.dataset());
            return new Opened(new Session(before.dataset(), model), problem + ", so it is shown with "
                    + before.dataset().name() + ".");
        }
        return new Opened(new Session(Dataset.absent(name, model.config().shape(), DatasetCatalog.classNames(name)),
                model), problem + ": the model decodes (manifold, editor, Sample), and Data \u203a Datasets\u2026"
                + " gets the data to train or to see the latent map.");
    }

    /** Shows an opened model; on the FX thread. */
    private void opened(Opened opened, Path file, boolean saveBackToFile) {
        Model model = opened.session().model();
        history.clear();
        model.history().forEach(history::addEpoch);
        settings.show(model.config());
        setModelFile(saveBackToFile ? file : null);
        show(opened.session());
        // without its data the model still works, as in a classroom with no network: no cause for alarm
        messages.post(opened.warning() != null && opened.session().dataset().isAbsent() ? Message.info(opened.warning())
                : opened.warning() != null ? Message.warning(opened.warning())
                : Message.info("Opened " + file.getFileName() + ": " + model.config().describe() + ", "
                + model.epochsTrained() + " epochs."));
    }

    /** Saves the model (while training too: the file gets a consistent copy). */
    public void saveModel(Path file) {
        Session s = workspace.session();
        if (s == null || !busy.get().isEmpty()) {
            return;
        }
        startBusy("Saving " + file.getFileName() + "\u2026");
        threads.background(threads.io(), () -> {
            ModelFile.save(s.model(), file);
            return s.model().epochsTrained();
        }, epochs -> {
            endBusy();
            setModelFile(file);
            messages.post(Message.info("Saved the model (" + epochs + " epochs) to " + file + "."));
        }, this::failed);
    }

    /**
     * Drains the trainer's events into the chart and the figures; once per frame on the FX thread.
     *
     * @return whether any event was drained
     */
    public boolean frame() {
        boolean any = false;
        TrainingEvent.Iteration last = null;
        TrainingEvent event;
        while ((event = events.poll()) != null) {
            any = true;
            switch (event) {
                case TrainingEvent.Iteration it -> {
                    history.addIteration(it.iteration(), epochPosition(it), it.reconstruction(), it.kl(), it.beta());
                    last = it;
                    lastIteration = it;
                }
                case TrainingEvent.Epoch ep -> epochDone(ep.record());
                case TrainingEvent.Finished f -> finished(f.outcome());
            }
        }
        long now = System.nanoTime();
        if ((last != null || pendingTexts()) && now - lastFiguresNanos >= FIGURES_INTERVAL_NANOS) {
            lastFiguresNanos = now;
            if (last != null) {
                showFigures(last);
            }
            showPendingTexts();
        }
        if (state.get().running() && lastFiguresNanos == now) {
            if (last != null) {
                updateClock();
            }
            workspace.publishRevision();                                          // the views redraw from the same frame on
        }
        if (state.get().running()) {
            workspace.publishGridTick();                                          // the manifold, between revisions
        }
        return any;
    }

    /** When the figures last changed on screen ({@link System#nanoTime()}); 0 before the first. */
    public long figuresShownNanos() {
        return lastFiguresNanos;
    }

    /**
     * On exit: stops a run and waits (bounded) for it to end, so that the process never quits in the
     * middle of a step. Saved files are never touched.
     */
    public void shutdown() {
        shutDown = true;                                                          // a settings edit's late settle does nothing
        TrainingRun r = run;
        if (r != null) {
            r.cancel();
            try {
                r.outcome().get(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the daemon thread ends with the process
            }
        }
    }

    // --- Internals -----------------------------------------------------------------------------

    /** What opening a file gave: the session, and a warning if its own dataset could not be used. */
    private record Opened(Session session, String warning) {
    }

    /** The default model's catalogue entry, opened. */
    private record DefaultOpened(ModelCatalog.Entry entry, Opened opened) {
    }

    private void startRun(Model model, Dataset data, TrainConfig config) {
        int batch = Math.min(config.batchSize(), data.train().size());
        stepsPerEpoch = Math.ceilDiv(data.train().size(), batch);
        lastFiguresNanos = 0;
        lastIteration = null;
        currentEpoch = -1;
        fractionDone = 0;
        epochsThisRun = config.epochs();
        firstRunEpoch = model.epochsTrained() + 1;
        runStartNanos = System.nanoTime();
        pausedNanos = 0;
        progress.set(0);
        remainingSeconds.set(Double.NaN);
        elapsedSeconds.set(0);
        state.set(TrainingState.TRAINING);
        workspace.setTraining(true);
        unsaved.set(true);
        run = new Trainer(threads.training()).start(model, data, config, e -> {
            if (e instanceof TrainingEvent.Iteration) {
                workspace.weightsChanged();
            }
            events.add(e);
        });
    }

    private double epochPosition(TrainingEvent.Iteration it) {
        if (it.epoch() != currentEpoch) {
            currentEpoch = it.epoch();
            epochFirstIteration = it.iteration() - 1;
            pendingEpochText = String.format(Locale.ROOT, "epoch %d (%d of %d)", it.epoch(),
                    it.epoch() - firstRunEpoch + 1, epochsThisRun);
        }
        return it.epoch() - 1 + (double) (it.iteration() - epochFirstIteration) / stepsPerEpoch;
    }

    private void epochDone(EpochRecord record) {
        history.addEpoch(record);
        pendingElboText = String.format(Locale.ROOT, "test ELBO %s nats after epoch %d",           // one line
                Formats.nats(record.testElbo()), record.epoch());
        pendingModelDescription = describe(workspace.session().model().config().describe(), record.epoch());
    }

    private boolean pendingTexts() {
        return pendingEpochText != null || pendingElboText != null || pendingModelDescription != null;
    }

    /** Shows the texts that changed with an epoch: with the other figures, so that one frame draws them all. */
    private void showPendingTexts() {
        if (pendingEpochText != null) {
            epochText.set(pendingEpochText);
        }
        if (pendingElboText != null) {
            elboText.set(pendingElboText);
        }
        if (pendingModelDescription != null) {
            modelDescription.set(pendingModelDescription);
        }
        clearPendingTexts();
    }

    private void clearPendingTexts() {
        pendingEpochText = null;
        pendingElboText = null;
        pendingModelDescription = null;
    }

    private void showFigures(TrainingEvent.Iteration it) {
        fractionDone = it.fractionDone();
        progress.set(fractionDone);
        samplesPerSecond.set(it.samplesPerSecond());
        lossText.set(String.format(Locale.ROOT, "loss %s = recon %s + %s\u00b7KL %s", Formats.nats(it.total()),
                Formats.nats(it.reconstruction()), Formats.nats(it.beta()).replace(".0", ""), Formats.nats(it.kl())));
    }

    private void finished(TrainingOutcome outcome) {
        run = null;
        if (lastIteration != null) {
            showFigures(lastIteration);
        }
        showPendingTexts();
        updateClock();
        remainingSeconds.set(Double.NaN);
        state.set(TrainingState.READY);
        workspace.setTraining(false);
        modelDescription.set(describe(outcome.model()));
        String text = outcome.message();
        switch (outcome.status()) {
            case COMPLETED -> {
                progress.set(1);
                messages.post(Message.info(text + lastElbo(outcome.model())));
            }
            case CANCELLED -> messages.post(Message.info(text));
            case DIVERGED, FAILED -> messages.post(Message.error(text));
        }
    }

    private static String lastElbo(Model model) {
        List<EpochRecord> h = model.history();
        return h.isEmpty() ? "" : " Test ELBO " + Formats.nats(h.get(h.size() - 1).testElbo()) + " nats per image.";
    }

    private void updateClock() {
        long now = System.nanoTime();
        long paused = pausedNanos + (state.get() == TrainingState.PAUSED ? now - pauseStartNanos : 0);
        double elapsed = (now - runStartNanos - paused) / 1e9;
        elapsedSeconds.set(elapsed);
        if (fractionDone > 0 && state.get() != TrainingState.PAUSED) {
            remainingSeconds.set(elapsed * (1 - fractionDone) / fractionDone);
        }
    }

    private void newModel(ModelConfig config, Runnable then) {
        Dataset data = workspace.session().dataset();
        startBusy("Initialising a new model\u2026");
        threads.background(threads.io(), () -> Model.initialise(config, data), model -> {
            endBusy();
            history.clear();
            setModelFile(null);
            show(new Session(data, model));
            then.run();
        }, this::failed);
    }

    private void show(Session s) {
        workspace.setSession(s);
        datasetName.set(s.dataset().name());
        clearPendingTexts();
        modelDescription.set(describe(s.model()));
        unsaved.set(false);
        progress.set(0);
        lossText.set("");
        epochText.set("");
        List<EpochRecord> records = s.model().history();
        elboText.set(records.isEmpty() ? "" : String.format(Locale.ROOT, "test ELBO %s nats after epoch %d",
                Formats.nats(records.get(records.size() - 1).testElbo()), records.get(records.size() - 1).epoch()));
        if (state.get() == TrainingState.EMPTY) {
            state.set(TrainingState.READY);
        }
    }

    /** Not during training: reading the epochs waits for the trainer's lock. */
    private static String describe(Model model) {
        return describe(model.config().describe(), model.epochsTrained());
    }

    private static String describe(String config, int epochs) {
        return config + ", " + (epochs == 0 ? "untrained" : epochs + (epochs == 1 ? " epoch" : " epochs"));
    }

    private void setModelFile(Path file) {
        modelFile.set(file);
        unsaved.set(false);
    }

    private void startBusy(String what) {
        busy.set(what);
    }

    private void endBusy() {
        busy.set("");
    }

    private void failed(RuntimeException e) {
        endBusy();
        messages.post(Message.error(e));
    }
}
