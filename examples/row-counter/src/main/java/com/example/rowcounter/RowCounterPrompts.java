package com.example.rowcounter;

import io.xugumcp.api.Content;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Prompt;
import io.xugumcp.api.PromptProvider;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/** A prompt that asks the assistant to compare two tables' sizes with {@code count_rows}. */
@Extension
public final class RowCounterPrompts implements PromptProvider {

    @Override
    public List<Prompt> prompts() {
        return List.of(new Prompt("compare_table_sizes", "Compare table sizes",
                "Asks the assistant to count the rows of two tables and compare them",
                List.of(new Prompt.Argument("first", "A table", true), new Prompt.Argument("second", "Another table", true)),
                Map.of(),
                (args, caller) -> new Prompt.Result("Compare " + args.get("first") + " with " + args.get("second"),
                        List.of(new Prompt.Message(Prompt.Role.USER, new Content.Text("Use count_rows on "
                                + args.get("first") + " and on " + args.get("second")
                                + ", then tell me which holds more rows and by how much."))))));
    }

    /** Only callers who may read data get this prompt (the host checks it and audits every get). */
    @Override
    public Permission permission() {
        return Permission.SELECT;
    }
}
