package latentlab;

import javafx.application.Application;
import latentlab.app.App;
import latentlab.app.AppOptions;
import latentlab.app.FatalMessage;
import latentlab.app.WindowLaunchFailure;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.bench.AppBench;
import latentlab.cli.Cli;
import latentlab.core.train.NativeThreads;
import latentlab.core.train.ThreadPriority;

import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point. With no arguments, or with the app's options ({@code app}, a {@code .llab} file,
 * {@code --dataset}, ...), it opens the app; {@code app-bench} runs the app's benchmark headless;
 * {@code --self-test} checks the installation without a display ({@link SelfTest}); any other command ({@code train}, {@code eval}, ...) runs the headless CLI. A plain class, not an
 * {@code Application}, so that the CLI runs without a display and JavaFX starts correctly from the
 * class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (AppOptions.isAppCommandLine(args)) {
            // the JIT compilers behind the window's threads, ahead of training, from the start (the threads that
            // HotSpot adds later inherit it): the unpacking and ND4J's loading come first too
            ThreadPriority.lowerCompilerThreads(ThreadPriority.COMPILER_NICE);
        }
        try {
            PackedNatives.prepareFromProperties();                                 // before anything loads ND4J
        } catch (PackedNatives.UnpackException e) {
            System.err.println("latentlab: " + e.getMessage());
            if (AppOptions.isAppCommandLine(args)) {
                FatalMessage.show("Latent Lab cannot start", e.getMessage());
            }
            System.exit(1);
        }
        if (args.length == 1 && args[0].equals(SelfTest.OPTION)) {
            System.exit(SelfTest.run(System.out));
        }
        if (args.length > 0 && args[0].equals(AppBench.COMMAND)) {
            System.exit(AppBench.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        if (AppOptions.isAppCommandLine(args)) {
            try {
                AppOptions.parse(Arrays.asList(args));
            } catch (IllegalArgumentException e) {
                System.err.println("latentlab: " + e.getMessage());
                System.exit(2);
            }
            // ND4J's native libraries load here, before JavaFX loads its own: the two loading at the same
            // time on two threads deadlocked in the dynamic loader about one start in twelve
            NativeThreads.use(BackgroundExecutors.nativeThreads());
            NativeThreads.useForTraining(BackgroundExecutors.trainingThreads());
            App.choosePulseRate();
            try {
                Application.launch(App.class, args);
            } catch (RuntimeException e) {
                // no display or no GTK 3: say what to do instead of a stack trace; anything else is a fault of ours
                Optional<String> known = WindowLaunchFailure.explain(e);
                System.err.println("latentlab: " + known.orElse("the window could not start: " + e));
                if (known.isEmpty()) {
                    e.printStackTrace();
                }
                System.exit(1);
            }
            System.exit(0);
        }
        int code = new Cli(System.out, System.err).run(args);
        System.exit(code);
    }
}
