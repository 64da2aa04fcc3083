import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A user's saved case-list filters (the console's 保存的视图), one name once per user. */
export class SavedViews1796217227100 implements MigrationInterface {
  name = 'SavedViews1796217227100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id INT UNSIGNED NOT NULL,
        name VARCHAR(50) NOT NULL,
        filter JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_saved_views_user_name (user_id, name)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE saved_views');
  }
}
