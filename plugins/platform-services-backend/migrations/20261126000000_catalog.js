// @ts-check

/**
 * The last accepted service-catalog.json, kept so that a restart with a
 * broken file still serves it, and the last attempt to read the file.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_services_catalog', table => {
    table.comment('The accepted service-catalog.json (one row)');
    table.integer('id').primary().comment('Always 1');
    table.string('revision', 64).notNullable().comment('sha256 of the content');
    table.text('content', 'longtext').notNullable().comment('The file as read');
    table
      .text('location')
      .notNullable()
      .comment('Path or URL it was read from');
    table.string('accepted_at', 40).notNullable().comment('ISO time');
    table
      .text('problems')
      .notNullable()
      .comment('JSON: warnings at acceptance');
  });
  await knex.schema.createTable('platform_services_catalog_attempt', table => {
    table.comment('The last attempt to read the catalog (one row)');
    table.integer('id').primary().comment('Always 1');
    table.string('at', 40).notNullable();
    table.text('location').notNullable();
    table.boolean('ok').notNullable();
    table.boolean('unchanged').notNullable();
    table.text('problems').notNullable().comment('JSON: errors and warnings');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_services_catalog_attempt');
  await knex.schema.dropTable('platform_services_catalog');
};
