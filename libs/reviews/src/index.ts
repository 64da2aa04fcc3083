export * from './review.errors';
export * from './reviews.service';
export * from './reviews.module';
