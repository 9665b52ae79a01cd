package latentlab.cli;

import latentlab.core.model.ModelCatalog;
import latentlab.core.model.ModelKind;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code latentlab models}: the shipped models and the user's own, as the app's model picker lists them. */
final class ModelsCommand {
    private final PrintStream out;

    ModelsCommand(PrintStream out) {
        this.out = out;
    }

    Map<String, Object> run(Args args) {
        args.rejectUnused();
        ModelCatalog catalog = ModelCatalog.forThisUser();
        ModelCatalog.Listing listing = catalog.list();
        String defaultId = listing.defaultModel().map(ModelCatalog.Entry::id).orElse("");
        out.println("Shipped models (" + catalog.shippedDir().map(Object::toString)
                .orElse("no models folder found; set -D" + ModelCatalog.MODELS_PROPERTY + "=DIR") + "):");
        print(listing.shipped(), defaultId);
        out.println("Your models (" + catalog.userDir() + "):");
        print(listing.user(), defaultId);
        for (ModelCatalog.Unreadable bad : listing.unreadable()) {
            out.println("Passed over " + bad.file() + ": " + bad.reason());
        }
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("shipped", listing.shipped().size());
        kv.put("user", listing.user().size());
        kv.put("default", defaultId);
        return kv;
    }

    private void print(List<ModelCatalog.Entry> entries, String defaultId) {
        if (entries.isEmpty()) {
            out.println("  (none)");
            return;
        }
        for (ModelCatalog.Entry e : entries) {
            String elbo = Double.isNaN(e.testElbo()) ? "" : String.format(Locale.ROOT, "%s %.1f nats",
                    e.kind() == ModelKind.AE ? "test -recon" : "test ELBO", e.testElbo());
            out.printf(Locale.ROOT, "%s %-20s %-36s %-14s %-32s %s%n", e.id().equals(defaultId) ? "*" : " ", e.id(),
                    e.title(), e.dataset(), e.architecture(), elbo);
        }
    }
}
