export { ServicesListPage } from './ServicesListPage';
