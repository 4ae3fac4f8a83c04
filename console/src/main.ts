// Console entry: Vue app with Element Plus (Chinese locale via ConfigProvider in App.vue) and the router.
import 'element-plus/dist/index.css';
import './theme.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';

createApp(App).use(router).mount('#app');
