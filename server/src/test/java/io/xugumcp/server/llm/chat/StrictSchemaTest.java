package io.xugumcp.server.llm.chat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Moved with {@link StrictSchema} from the llm-openai plugin's test. */
class StrictSchemaTest {
    private static final Map<String, Object> STRICT = Map.of("type", "object",
            "properties", Map.of("sql", Map.of("type", "string")), "required", List.of("sql"), "additionalProperties", false);

    @Test
    void onlyASchemaThatFitsStrictModeIsSentAsStrict() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertTrue(StrictSchema.fits(m.valueToTree(STRICT)));
        assertFalse(StrictSchema.fits(m.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}")));
        assertFalse(StrictSchema.fits(m.readTree("{\"type\":\"object\",\"additionalProperties\":false,"
                + "\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}},\"required\":[\"a\"]}")));
    }
}
