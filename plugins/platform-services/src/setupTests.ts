import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Whole-page renders are slow on small shared CI machines; these are ceilings,
// not timing assertions: a test still fails when what it waits for never comes.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
