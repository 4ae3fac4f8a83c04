// A monthly report page's data: the month kept in the URL (default this month in Shanghai), its JSON and workbook link.
import { computed, type Ref, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { getJson, withQuery } from './http';

/** This month in Asia/Shanghai, as YYYY-MM. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);
}

/** `path` answers JSON for `?month=`; `${path}.xlsx` is the same month's workbook. */
export function useMonthlyReport<T>(path: string) {
  const route = useRoute();
  const router = useRouter();
  const month = ref<string>(
    typeof route.query.month === 'string' && /^\d{4}-\d{2}$/.test(route.query.month)
      ? route.query.month
      : thisMonth(),
  );
  const data = ref<T | null>(null) as Ref<T | null>;
  const error = ref('');
  const downloadUrl = computed(() => withQuery(`${path}.xlsx`, { month: month.value }));

  async function load(): Promise<void> {
    error.value = '';
    try {
      data.value = await getJson<T>(path, { month: month.value });
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  watch(
    month,
    (m) => {
      void router.replace({ query: { ...route.query, month: m } });
      void load();
    },
    { immediate: true },
  );
  return { month, data, error, downloadUrl };
}
