package io.xugumcp.server.db;

import io.xugumcp.api.DatabaseException.Category;

/**
 * A dialect's reading of one driver error, for drivers whose SQLStates say nothing (XuguDB reports
 * {@code xuguNNNNN}): what kind of failure it is and, in words a user can act on, what it means.
 *
 * @param category    the failure category
 * @param explanation what happened and what to do, without the driver's own text (added by {@link SqlErrors});
 *                    {@code null} to use the category's generic wording
 */
public record ErrorReading(Category category, String explanation) {
}
