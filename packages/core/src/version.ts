/** The version of @strata/core, checked against plugins' `strata` ranges. A test keeps it equal to package.json. */
export const VERSION = '0.1.0';
