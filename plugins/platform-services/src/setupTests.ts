import '@testing-library/jest-dom';

// Whole-page renders are slow on small shared CI machines; this is a ceiling,
// not a timing assertion.
jest.setTimeout(30_000);
