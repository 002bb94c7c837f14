/** The migrated database (pg-boss installed) that global setup prepares and each test database copies. */
export const TEMPLATE_DATABASE = "vigil_template";
