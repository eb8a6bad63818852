// @ts-check

/**
 * Runs of runbook steps from the service page: diagnostics, and actions with
 * their dry run, confirmation and outcome. One row per run id; the primary
 * key is what makes a second submit of the same run id run nothing.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_services_runs', table => {
    table.comment('Runs of runbook steps, as stored and audited');
    table.string('run_id', 100).primary().comment('Chosen by the page');
    table.string('service', 253).notNullable();
    table.string('environment', 63).notNullable();
    table.string('runbook_id', 200).notNullable();
    table.text('runbook_title').notNullable();
    table.integer('step_index').notNullable();
    table.text('command').notNullable().comment('The step as written');
    table
      .string('step_class', 16)
      .notNullable()
      .comment('diagnostic | action | manual | refused');
    table.text('operation').nullable().comment('JSON: the typed operation');
    table.string('actor', 300).notNullable().comment('Verified caller');
    table
      .string('requested_at', 40)
      .notNullable()
      .comment('ISO time the run (or preview) was asked for');
    table.string('finished_at', 40).nullable();
    table.integer('duration_ms').nullable();
    table
      .string('outcome', 16)
      .notNullable()
      .comment('previewed | running | succeeded | failed | denied');
    table.text('preview').nullable().comment('JSON: the dry run of an action');
    table.text('progress').notNullable().comment('JSON: [{ at, message }]');
    table
      .text('output', 'longtext')
      .nullable()
      .comment('JSON: RunOutput, at most 256 KB');
    table.text('error').nullable();
    table.index(
      ['service', 'requested_at'],
      'platform_services_runs_service_idx',
    );
    table.index(['requested_at'], 'platform_services_runs_requested_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_services_runs');
};
